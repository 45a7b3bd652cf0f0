from smtplib import SMTPException

from django.core.mail import EmailMessage

from antq.notifications.channels import Channel, ChannelError


class EmailChannel(Channel):
    """Through Django's e-mail backend: SMTP from the environment, or files under var/mail/."""

    def send(self, *, address, subject, body):
        try:
            EmailMessage(subject=subject, body=body, to=[address]).send(fail_silently=False)
        except (SMTPException, OSError) as exc:
            raise ChannelError(str(exc)[:200]) from exc
