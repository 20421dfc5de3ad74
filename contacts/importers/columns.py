"""The columns of contacts and engagements files, and the words their cells may hold.

Headers and words are recognised in Spanish, Portuguese or English, ignoring case, accents and spacing.
"""

from django.utils.translation import gettext_lazy

from network.imports.columns import Column, Columns
from network.imports.values import synonyms

from ..models import Engagement, Language, LegalBasis

CONTACT_COLUMNS = Columns(
    Column(
        "honorific",
        gettext_lazy("honorific"),
        "honorific | salutation | prefix | tratamiento | forma de tratamiento | "
        "prefijo | tratamento | forma de tratamento | prefixo",
    ),
    Column(
        "given_name",
        gettext_lazy("given name"),
        "given name | first name | forename | name | nombre | nombres | nome | primeiro nome",
        required=True,
    ),
    Column(
        "family_name",
        gettext_lazy("family name"),
        "family name | last name | surname | apellido | apellidos | "
        "sobrenome | sobrenomes | último sobrenome",
    ),
    Column(
        "job_title",
        gettext_lazy("job title"),
        "job title | job | position | cargo | puesto | función | função",
    ),
    Column(
        "organisation",
        gettext_lazy("organisation"),
        "organization | institution | organización | institución | entidad | "
        "organização | instituição | entidade",
    ),
    Column("city", gettext_lazy("city"), "city | municipality | ciudad | municipio | cidade | município"),
    Column(
        "country", gettext_lazy("country"), "country | country code | país | código de país | código do país"
    ),
    Column(
        "emails",
        gettext_lazy("e-mail addresses"),
        "email | e-mail | email(s) | e-mails | email address | email addresses | "
        "e-mail address | mail | correo | correos | correo electrónico | "
        "correos electrónicos | correo-e | endereço de e-mail | endereços de e-mail",
    ),
    Column(
        "phones",
        gettext_lazy("phone numbers"),
        "phone | phone(s) | phone number | phone numbers | telephone | mobile | "
        "teléfono | teléfonos | móvil | celular | telefone | telefones",
    ),
    Column(
        "preferred_language",
        gettext_lazy("preferred language"),
        "preferred language | language | idioma | idioma preferido | lengua | língua | língua preferida",
    ),
    Column(
        "notes",
        gettext_lazy("notes"),
        "note | comments | notas | nota | observaciones | comentarios | observações",
    ),
    Column(
        "consent_basis",
        gettext_lazy("legal basis"),
        "consent basis | legal basis | base legal | base jurídica | "
        "base legal del tratamiento | base legal do tratamento",
    ),
    Column(
        "consent_date",
        gettext_lazy("consent date"),
        "consent date | fecha de consentimiento | fecha del consentimiento | "
        "data do consentimento | data de consentimento",
    ),
    Column(
        "consent_source",
        gettext_lazy("consent source"),
        "consent source | source | fuente | origen | origen de los datos | fonte | origem | origem dos dados",
    ),
    # "Título"/"title" could be an honorific (Dr.) or a job title: ask for a clearer header.
    ambiguous={
        "title | título | titulo": gettext_lazy(
            "The column “%(name)s” is ambiguous: call it “honorific” (tratamiento, tratamento: "
            "Dr., Ms.) or “job title” (cargo)."
        )
    },
)
LANGUAGES = synonyms(
    {
        Language.SPANISH: "spanish | español | castellano | espanhol",
        Language.PORTUGUESE: "pt-br | portuguese | português",
        Language.ENGLISH: "english | inglés | inglês",
        Language.FRENCH: "french | français | francés | francês",
    }
)
LEGAL_BASES = synonyms(
    {
        LegalBasis.CONSENT: "consentimiento | consentimento",
        LegalBasis.LEGITIMATE_INTEREST: "legitimate interest | interés legítimo | interesse legítimo",
        LegalBasis.CONTRACT: "contrato",
        LegalBasis.PUBLIC_TASK: (
            "public task | public interest | misión pública | interés público | "
            "missão pública | interesse público"
        ),
    }
)

ENGAGEMENT_COLUMNS = Columns(
    Column(
        "id",
        gettext_lazy("id"),
        "engagement id | engagement number | id de la interacción | número de la interacción | "
        "id da interação | número da interação",
    ),
    Column("date", gettext_lazy("date"), "fecha | data", required=True),
    Column(
        "kind",
        gettext_lazy("kind"),
        "type | engagement type | tipo | tipo de interacción | tipo de actividad | "
        "tipo de interação | tipo de atividade",
        required=True,
    ),
    Column("title", gettext_lazy("title"), "subject | título | asunto | assunto", required=True),
    Column("summary", gettext_lazy("summary"), "description | resumen | descripción | resumo | descrição"),
    Column("cities", gettext_lazy("cities"), "city | ciudades | ciudad | cidades | cidade", required=True),
    Column(
        "organisations",
        gettext_lazy("organisations"),
        "organisation | organizations | organization | organizaciones | organización | "
        "instituciones | organizações | organização | instituições",
    ),
    Column(
        "participants",
        gettext_lazy("participants"),
        "participant | participant emails | participantes | participante | "
        "correos de los participantes | e-mails dos participantes",
    ),
    Column("owner", gettext_lazy("owner"), "responsible | responsable | responsável"),
    Column("themes", gettext_lazy("themes"), "theme | temas | tema"),
    Column("outcome", gettext_lazy("outcome"), "outcomes | result | results | resultado | resultados"),
    Column(
        "follow_up_date",
        gettext_lazy("follow-up date"),
        "follow-up date | follow-up | follow up | seguimiento | fecha de seguimiento | "
        "acompanhamento | data de acompanhamento | seguimento | data de seguimento",
    ),
    Column(
        "follow_up_assignee",
        gettext_lazy("follow-up assigned to"),
        "follow-up assigned to | assigned to | assignee | follow-up assignee | seguimiento asignado a | "
        "asignado a | responsable del seguimiento | acompanhamento atribuído a | atribuído a | "
        "responsável pelo acompanhamento",
    ),
    Column(
        "follow_up_done",
        gettext_lazy("follow-up done"),
        "follow-up done | seguimiento hecho | seguimiento realizado | "
        "acompanhamento feito | acompanhamento realizado | seguimento feito",
    ),
)
ENGAGEMENT_KINDS = synonyms(
    {
        Engagement.Kind.MEETING: "reunión | reunião | encuentro | encontro",
        Engagement.Kind.CALL: (
            "call | phone call | video call | llamada | videollamada | ligação | chamada | videochamada"
        ),
        Engagement.Kind.EMAIL: "e-mail | mail | correo | correo electrónico",
        Engagement.Kind.VISIT: "visita",
        Engagement.Kind.WORKSHOP: "taller | oficina",
        Engagement.Kind.FORUM: "foro | fórum",
        Engagement.Kind.WEBINAR: "seminario web | webinario | webinário",
        Engagement.Kind.TRAINING: "formación | capacitación | formação | capacitação | treinamento",
        Engagement.Kind.REPORT_SUBMISSION: (
            "report | report submission | informe | entrega de informe | relatório | entrega de relatório"
        ),
        Engagement.Kind.OTHER: "otro | otra | outro | outra",
    }
)
