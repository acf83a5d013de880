import factory
from django.contrib.auth.models import User

from servicecenter.models import Department, Party
from servicecenter.validators import id_check_digit

PASSWORD = "test-pass-123"


def valid_id_number(n: int) -> str:
    first17 = f"110105198001{(n % 28) + 1:02d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"科室{n}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"群众{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    id_number = factory.Sequence(valid_id_number)
    village = "城关村"
