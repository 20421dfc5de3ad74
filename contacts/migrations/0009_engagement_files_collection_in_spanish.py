# The engagement files collection is named in Spanish (contacts.attachments): the field's help names it.

import modelcluster.fields
from django.db import migrations

import contacts.attachments


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0008_postgresql_engagement_search_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AlterField(
            model_name="engagement",
            name="documents",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="Files from the private “Archivos del registro de interacciones” collection, which only UIL staff can open: upload them there under Documents first.",
                limit_choices_to=contacts.attachments.private_documents,
                related_name="engagements",
                to="wagtaildocs.document",
                verbose_name="documents",
            ),
        ),
    ]
