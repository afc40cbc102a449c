"""The search fold on PostgreSQL: mo_fold(text), the same as core.search.fold.

SQLite gets the Python function on each connection instead (mobility_office.apps). This SQL is a
copy of core.search.fold_sql() as of this migration; a test checks they are the same,
so a change to the fold needs a new migration that runs the new SQL.
"""

from django.db import migrations

FOLD_SQL = "CREATE OR REPLACE FUNCTION mo_fold(text) RETURNS text\nLANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\nAS $fold$ SELECT regexp_replace(regexp_replace(translate(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(lower($1), 'ң', 'ng'), 'ц', 'ts'), 'щ', 'sc'), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'Ң', 'ng'), 'Ц', 'ts'), 'Щ', 'sc'), 'Æ', 'ae'), 'Œ', 'oe'), 'аәбвгғґдеёєэжзиіїйкқлмноөпрстуұүўфхчшюяàáâãäåçèéêëìíîïñòóôõöùúûüāăąćĉċčďēĕėęěĝğġģĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȧȩȫȭȯȱøłđðþıŧŀŉĸqwjАӘБВГҒҐДЕЁЄЭЖЗИІЇЙКҚЛМНОӨПРСТУҰҮЎФХЧШЮЯÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜĀĂĄĆĈĊČĎĒĔĖĘĚĜĞĠĢĨĪĬĮĴĶĹĻĽŃŅŇŌŎŐŔŖŘŚŜŞŠŢŤŨŪŬŮŰŲŴŹŻŽƠƯǍǏǑǓǕǗǙǛǞǠǦǨǪǬǴǸǺȀȂȄȆȈȊȌȎȐȒȔȖȘȚȦȨȪȬȮȰØŁĐÐÞIŦĿQWJİ', 'aabvgggdeeeezziiiikklmnooprstuuuufkcsuaaaaaaaceeeeiiiinooooouuuuaaaccccdeeeeeggggiiiizklllnnnooorrrssssttuuuuuuvzzzouaiouuuuuaagkoognaaaeeiioorruustaeooooolddtitlnkkvzaabvgggdeeeezziiiikklmnooprstuuuufkcsuaaaaaaaceeeeiiiinooooouuuuaaaccccdeeeeeggggiiiizklllnnnooorrrssssttuuuuuuvzzzouaiouuuuuaagkoognaaaeeiioorruustaeooooolddtitlkvzi'), '[^abcdefgiklmnoprstuvxz0123456789]', '', 'g'), '(.)\\1+', '\\1', 'g') $fold$;"

DROP_SQL = "DROP FUNCTION IF EXISTS mo_fold(text);"


def create_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_SQL)


def drop_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("mobility_office", "0003_accounts"),
    ]

    operations = [migrations.RunPython(create_fold, drop_fold, elidable=False)]
