from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from luojiang.core.payments.models import MismatchKind


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="ReconciliationMismatch",
            name="kind",
            field=fields.CharEnumField(
                description="MISSING_HERE: missing_here\nMISSING_THERE: missing_there\nAMOUNT_DIFFERS: amount_differs\nNOTICE_UNKNOWN: notice_unknown\nNOTICE_AMOUNT: notice_amount\nNOTICE_CONFLICT: notice_conflict",
                enum_type=MismatchKind,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="ReconciliationMismatch",
            name="platform_trade_no",
            field=fields.CharField(default="", max_length=64),
        ),
    ]
