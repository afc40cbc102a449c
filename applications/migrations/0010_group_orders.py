# group-order: the rector's order becomes a record of its own that lists its applications.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import applications.models


def orders_from_applications(apps, schema_editor):
    """Every application with an order number gets an Order: one per number and date.

    Two different dates under one number (typed by hand before numbers were unique) keep
    apart: the later one gets the date after its number, so no order is lost.
    """
    Application = apps.get_model("applications", "Application")
    ApplicationEvent = apps.get_model("applications", "ApplicationEvent")
    Order = apps.get_model("applications", "Order")
    rows = (
        Application.objects.exclude(order_number="")
        .order_by("order_date", "order_number", "pk")
        .values_list("pk", "order_number", "order_date", "created_at")
    )
    orders = {}
    for pk, number, issued_on, created_at in rows:
        key = (number, issued_on)
        order = orders.get(key)
        if order is None:
            unique = number
            if Order.objects.filter(number=unique).exists():
                unique = f"{number} ({issued_on.isoformat() if issued_on else pk})"[:40]
            event = (
                ApplicationEvent.objects.filter(application_id=pk, action="issue_order")
                .order_by("at", "pk")
                .first()
            )
            order = Order.objects.create(
                number=unique,
                date=issued_on or (event.at if event else created_at).date(),
                issued_by_id=event.by_id if event else None,
            )
            orders[key] = order
        Application.objects.filter(pk=pk).update(order=order)
    if schema_editor.connection.vendor == "postgresql":
        # The columns are dropped next, in this transaction; PostgreSQL refuses while the
        # foreign keys just set wait to be checked at the end.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def applications_from_orders(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for application in Application.objects.filter(order__isnull=False).select_related("order"):
        application.order_number = application.order.number
        application.order_date = application.order.date
        application.save(update_fields=["order_number", "order_date"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_participant_names_and_iin"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=40, verbose_name="order number")),
                ("date", models.DateField(verbose_name="order date")),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("kk", "Kazakh"),
                            ("ru", "Russian"),
                            ("en", "English"),
                            ("kk+en", "Kazakh + English"),
                            ("ru+en", "Russian + English"),
                        ],
                        max_length=10,
                        verbose_name="language of the order",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "scan",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=applications.models.order_scan_path,
                        verbose_name="scan of the signed order",
                    ),
                ),
                ("scan_name", models.CharField(blank=True, editable=False, max_length=255)),
                (
                    "scan_content_kind",
                    models.CharField(blank=True, editable=False, max_length=10),
                ),
                ("scan_sha256", models.CharField(blank=True, editable=False, max_length=64)),
                (
                    "scan_uploaded_at",
                    models.DateTimeField(blank=True, editable=False, null=True),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
                (
                    "scan_uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "order",
                "verbose_name_plural": "orders",
                "ordering": ["-date", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.UniqueConstraint(
                fields=("number",),
                name="unique_order_number",
                violation_error_message=(
                    "An order with this number already exists; give the new order its own number."
                ),
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="order",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="applications.order",
                verbose_name="order",
            ),
        ),
        migrations.RunPython(orders_from_applications, applications_from_orders),
        migrations.RemoveField(model_name="application", name="order_date"),
        migrations.RemoveField(model_name="application", name="order_number"),
    ]
