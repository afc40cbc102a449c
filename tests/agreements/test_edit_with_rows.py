"""Edit pages with rows, saved through the form the page renders (django-webtest)."""

from django.urls import reverse

from agreements.models import CooperationCondition
from tests import factories


def test_staff_saves_an_agreement_with_conditions_unchanged(django_app, staff):
    condition = factories.CooperationConditionFactory()
    agreement = condition.agreement

    page = django_app.get(reverse("agreements:agreement_edit", args=[agreement.pk]), user=staff)
    response = page.forms["agreement-form"].submit()

    assert response.status_code == 302, response.text
    assert list(agreement.conditions.values_list("pk", flat=True)) == [condition.pk]


def test_staff_changes_adds_and_removes_conditions_of_an_agreement(django_app, staff):
    kept = factories.CooperationConditionFactory(places_per_year=3)
    agreement = kept.agreement
    removed = factories.CooperationConditionFactory(
        agreement=agreement, direction="incoming", mobility_type="study"
    )

    page = django_app.get(reverse("agreements:agreement_edit", args=[agreement.pk]), user=staff)
    form = page.forms["agreement-form"]
    rows = {form[f"conditions-{i}-id"].value: i for i in range(2)}
    form[f"conditions-{rows[str(kept.pk)]}-places_per_year"] = "5"
    form[f"conditions-{rows[str(removed.pk)]}-DELETE"] = True
    form["conditions-2-direction"] = "outgoing"
    form["conditions-2-mobility_type"] = "teaching"
    form["conditions-2-days_per_year"] = "10"
    response = form.submit()

    assert response.status_code == 302, response.text
    kept.refresh_from_db()
    assert kept.places_per_year == 5
    assert not CooperationCondition.objects.filter(pk=removed.pk).exists()
    assert agreement.conditions.filter(mobility_type="teaching").count() == 1
