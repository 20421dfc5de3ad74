"""The pages e-mailed invitation links open: an existing account, signed in, confirms its invitation; an
existing account without a password chooses one, which accepts its invitation; a new account chooses its
password; each asks for a new link once theirs went out of date."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.account import PasswordResetConfirmView, password_reset_enabled
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .invitation_recovery import confirmation_link_requested, new_link_requested
from .invitations import (
    accept_choosing_password,
    accept_invitation,
    chooses_password,
    find_invitation,
    is_for,
)

NO_LONGER_VALID = gettext_lazy(
    "This invitation link is no longer valid: it was used, withdrawn, replaced by a newer invitation, "
    "or it expired. If it expired, you can have a new link e-mailed to you; otherwise ask the Learning "
    "Cities Network team for a new invitation if you need one."
)
FOR_ANOTHER_ACCOUNT = gettext_lazy(
    "This invitation is for another account. Sign out, then sign in with the account of the e-mail "
    "address the invitation was sent to."
)


class AcceptInvitationView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the invitation (opening the link changes nothing); POST accepts it, or, from the page of a
    link no longer valid, asks for a new one: sent only for an invitation that expired (not one used,
    withdrawn or replaced), counted against the password-reset limits, answered the same whatever
    happened."""

    template_name = "cities/admin/accept_invitation.html"
    page_title = gettext_lazy("Focal point invitation")
    header_icon = "group"

    def dispatch(self, request, token):
        self.invitation = find_invitation(token)
        return super().dispatch(request, token)

    def problem(self):
        """Why this person cannot accept (with the HTTP status to answer), or None."""
        if self.invitation is None:
            return NO_LONGER_VALID, 404
        if not is_for(self.invitation, self.request.user):
            return FOR_ANOTHER_ACCOUNT, 403
        return None

    def refuse(self, problem):
        message, status = problem
        context = self.get_context_data(problem=message, offer_new_link=message is NO_LONGER_VALID)
        return self.render_to_response(context, status=status)

    def get(self, request, token):
        problem = self.problem()
        if problem:
            return self.refuse(problem)
        return self.render_to_response(
            self.get_context_data(city=self.invitation.page, self_url=request.path)
        )

    def post(self, request, token):
        if "new_link" in request.POST:
            return self.new_link(request, token)
        problem = self.problem()
        if problem:
            return self.refuse(problem)
        if not accept_invitation(self.invitation, request.user):
            return self.refuse((NO_LONGER_VALID, 404))
        return welcome(request, self.invitation.page)

    def new_link(self, request, token):
        confirmation_link_requested(request, token)
        return self.render_to_response(self.get_context_data(new_link_sent=True))


def welcome(request, city):
    """The invitation accepted: the city's page in the admin, and a word that it is theirs now."""
    messages.success(request, _("You are now a focal point of %(city)s.") % {"city": city.title})
    return redirect("wagtailadmin_pages:edit", city.pk)


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class ChoosePasswordView(FormView):
    """The page of a confirmation link sent to an account without a usable password, which cannot sign in
    to confirm (invitation_emails): its owner chooses a password here (Django's SetPasswordForm, with the
    project's password validators), which accepts the invitation, signs them in and opens the city's page
    in the admin. Open without signing in, at its own URL (network/urls.py); the link's secret is checked as
    on the admin's confirmation page: single use, not expired, the invitation standing (not withdrawn or
    replaced), the account active and still holding the invited address. An account that can sign in (it
    got a password meanwhile), or whoever is signed in as it, goes to the admin's confirmation page.
    """

    template_name = "cities/admin/invitation_password.html"
    form_class = SetPasswordForm

    def dispatch(self, request, token):
        if request.method == "POST" and "new_link" in request.POST:
            confirmation_link_requested(request, token)
            return TemplateResponse(request, self.template_name, {"new_link_sent": True})
        self.invitation = find_invitation(token)
        if self.invitation is None or not is_for(self.invitation, self.invitation.user):
            return TemplateResponse(request, self.template_name, {"problem": NO_LONGER_VALID}, status=404)
        if not chooses_password(self.invitation) or request.user.pk == self.invitation.user_id:
            return redirect("cities:accept_invitation", token)
        return super().dispatch(request, token)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.invitation.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(city=self.invitation.page, account=self.invitation.user, **kwargs)

    def form_valid(self, form):
        user = accept_choosing_password(self.invitation, form.cleaned_data["new_password1"])
        if user is None:
            # Gone meanwhile, or the account got a password: the page says what now.
            return redirect(self.request.path)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return welcome(self.request, self.invitation.page)


class PasswordLinkView(PasswordResetConfirmView):
    """Wagtail's page behind a password link (network/urls.py serves it at Wagtail's URL), which on a link
    out of date also offers "Send me a new link": a new invitation's link is one of these.

    The button posts back to the link itself. Django checks a token only while it is valid, so the
    link's account number alone says whose invitation it was: enough, as the e-mail goes only to the
    address on file and the answer never tells whether it went (cities/invitation_recovery.py).
    """

    template_name = "cities/admin/password_link.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and "new_link" in request.POST:
            return self.new_link(request, kwargs["uidb64"])
        return super().dispatch(request, *args, **kwargs)

    def new_link(self, request, uidb64):
        if not password_reset_enabled():
            raise Http404
        new_link_requested(request, self.get_user(uidb64))
        return TemplateResponse(request, "cities/admin/new_link_sent.html")
