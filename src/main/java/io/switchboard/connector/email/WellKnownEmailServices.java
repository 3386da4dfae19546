package io.switchboard.connector.email;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SMTP servers of the mail services nodemailer knows by name ({@code lib/well-known/services.json}): host, port
 * and how TLS is used. Kibana accepts any of these names, their aliases or their mail domains as an email
 * connector's {@code service}, checks the resolved host against {@code xpack.actions.allowedHosts}, and sends
 * through that server.
 */
final class WellKnownEmailServices {

    /** How a service expects TLS, as nodemailer's list says. */
    enum Tls {
        /** STARTTLS when offered. */
        PLAIN,
        /** TLS from the first byte ({@code secure: true}). */
        SECURE,
        /** STARTTLS or fail ({@code requireTLS: true}). */
        STARTTLS_REQUIRED,
        /** Never STARTTLS ({@code ignoreTLS: true}). */
        NO_TLS
    }

    /**
     * Where one service receives mail.
     *
     * @param host null for a service without a host (nodemailer's MailDev entry), which Kibana rejects
     */
    record Service(String name, String host, int port, Tls tls, List<String> aliasesAndDomains) {

        boolean secure() {
            return tls == Tls.SECURE;
        }
    }

    /** Port 0: nodemailer's list gives none, so its client default applies (587, or 465 when secure). */
    private static final List<Service> SERVICES = List.of(
            entry("1und1", "smtp.1und1.de", 465, Tls.SECURE),
            entry("126", "smtp.126.com", 465, Tls.SECURE),
            entry("163", "smtp.163.com", 465, Tls.SECURE),
            entry("Aliyun", "smtp.aliyun.com", 465, Tls.SECURE, "aliyun.com"),
            entry("AliyunQiye", "smtp.qiye.aliyun.com", 465, Tls.SECURE),
            entry("AOL", "smtp.aol.com", 587, Tls.PLAIN, "aol.com"),
            entry("Aruba", "smtps.aruba.it", 465, Tls.SECURE, "Aruba PEC", "aruba.it", "pec.aruba.it"),
            entry("Bluewin", "smtpauths.bluewin.ch", 465, Tls.PLAIN, "bluewin.ch"),
            entry("BOL", "smtp.bol.com.br", 587, Tls.STARTTLS_REQUIRED, "bol.com.br"),
            entry("DebugMail", "debugmail.io", 25, Tls.PLAIN),
            entry("Disroot", "smtp.disroot.org", 587, Tls.SECURE, "disroot.org"),
            entry("DynectEmail", "smtp.dynect.net", 25, Tls.PLAIN, "Dynect"),
            entry("ElasticEmail", "smtp.elasticemail.com", 465, Tls.SECURE, "Elastic Email"),
            entry("Ethereal", "smtp.ethereal.email", 587, Tls.PLAIN, "ethereal.email"),
            entry("FastMail", "smtp.fastmail.com", 465, Tls.SECURE, "fastmail.fm"),
            entry("Feishu Mail", "smtp.feishu.cn", 465, Tls.SECURE, "Feishu", "FeishuMail", "www.feishu.cn"),
            entry("Forward Email", "smtp.forwardemail.net", 465, Tls.SECURE, "FE", "ForwardEmail",
                    "forwardemail.net"),
            entry("GandiMail", "mail.gandi.net", 587, Tls.PLAIN, "Gandi", "Gandi Mail"),
            entry("Gmail", "smtp.gmail.com", 465, Tls.SECURE, "Google Mail", "gmail.com", "googlemail.com"),
            entry("GMX", "mail.gmx.com", 587, Tls.PLAIN, "gmx.com", "gmx.net", "gmx.de"),
            entry("Godaddy", "smtpout.secureserver.net", 25, Tls.PLAIN),
            entry("GodaddyAsia", "smtp.asia.secureserver.net", 25, Tls.PLAIN),
            entry("GodaddyEurope", "smtp.europe.secureserver.net", 25, Tls.PLAIN),
            entry("hot.ee", "mail.hot.ee", 0, Tls.PLAIN),
            entry("Hotmail", "smtp-mail.outlook.com", 587, Tls.PLAIN, "Outlook", "Outlook.com", "Hotmail.com",
                    "hotmail.com", "outlook.com"),
            entry("iCloud", "smtp.mail.me.com", 587, Tls.PLAIN, "Me", "Mac", "me.com", "mac.com"),
            entry("Infomaniak", "mail.infomaniak.com", 587, Tls.PLAIN, "ik.me", "ikmail.com", "etik.com"),
            entry("KolabNow", "smtp.kolabnow.com", 465, Tls.SECURE, "kolabnow.com", "Kolab"),
            entry("Loopia", "mailcluster.loopia.se", 465, Tls.PLAIN),
            entry("Loops", "smtp.loops.so", 587, Tls.PLAIN),
            entry("mail.ee", "smtp.mail.ee", 0, Tls.PLAIN),
            entry("Mail.ru", "smtp.mail.ru", 465, Tls.SECURE),
            entry("Mailcatch.app", "sandbox-smtp.mailcatch.app", 2525, Tls.PLAIN),
            entry("Maildev", null, 1025, Tls.NO_TLS),
            entry("MailerSend", "smtp.mailersend.net", 587, Tls.PLAIN),
            entry("Mailgun", "smtp.mailgun.org", 465, Tls.SECURE),
            entry("Mailjet", "in.mailjet.com", 587, Tls.PLAIN),
            entry("Mailosaur", "mailosaur.io", 25, Tls.PLAIN),
            entry("Mailtrap", "live.smtp.mailtrap.io", 587, Tls.PLAIN),
            entry("Mandrill", "smtp.mandrillapp.com", 587, Tls.PLAIN),
            entry("Naver", "smtp.naver.com", 587, Tls.PLAIN),
            entry("OhMySMTP", "smtp.ohmysmtp.com", 587, Tls.PLAIN),
            entry("One", "send.one.com", 465, Tls.SECURE),
            entry("OpenMailBox", "smtp.openmailbox.org", 465, Tls.SECURE, "OMB", "openmailbox.org"),
            entry("Outlook365", "smtp.office365.com", 587, Tls.PLAIN),
            entry("Postmark", "smtp.postmarkapp.com", 2525, Tls.PLAIN, "PostmarkApp"),
            entry("Proton", "smtp.protonmail.ch", 587, Tls.STARTTLS_REQUIRED, "ProtonMail", "Proton.me",
                    "Protonmail.com", "Protonmail.ch", "proton.me", "protonmail.com", "pm.me", "protonmail.ch"),
            entry("qiye.aliyun", "smtp.mxhichina.com", 465, Tls.SECURE),
            entry("QQ", "smtp.qq.com", 465, Tls.SECURE, "qq.com"),
            entry("QQex", "smtp.exmail.qq.com", 465, Tls.SECURE, "QQ Enterprise", "exmail.qq.com"),
            entry("Resend", "smtp.resend.com", 465, Tls.SECURE),
            entry("Runbox", "smtp.runbox.com", 465, Tls.SECURE, "runbox.com"),
            entry("SendCloud", "smtp.sendcloud.net", 2525, Tls.PLAIN),
            entry("SendGrid", "smtp.sendgrid.net", 587, Tls.PLAIN),
            entry("SendinBlue", "smtp-relay.brevo.com", 587, Tls.PLAIN, "Brevo"),
            entry("SendPulse", "smtp-pulse.com", 465, Tls.SECURE),
            entry("SES", "email-smtp.us-east-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-AP-NORTHEAST-1", "email-smtp.ap-northeast-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-AP-NORTHEAST-2", "email-smtp.ap-northeast-2.amazonaws.com", 465, Tls.SECURE),
            entry("SES-AP-NORTHEAST-3", "email-smtp.ap-northeast-3.amazonaws.com", 465, Tls.SECURE),
            entry("SES-AP-SOUTH-1", "email-smtp.ap-south-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-AP-SOUTHEAST-1", "email-smtp.ap-southeast-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-AP-SOUTHEAST-2", "email-smtp.ap-southeast-2.amazonaws.com", 465, Tls.SECURE),
            entry("SES-CA-CENTRAL-1", "email-smtp.ca-central-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-EU-CENTRAL-1", "email-smtp.eu-central-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-EU-NORTH-1", "email-smtp.eu-north-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-EU-WEST-1", "email-smtp.eu-west-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-EU-WEST-2", "email-smtp.eu-west-2.amazonaws.com", 465, Tls.SECURE),
            entry("SES-EU-WEST-3", "email-smtp.eu-west-3.amazonaws.com", 465, Tls.SECURE),
            entry("SES-SA-EAST-1", "email-smtp.sa-east-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-US-EAST-1", "email-smtp.us-east-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-US-EAST-2", "email-smtp.us-east-2.amazonaws.com", 465, Tls.SECURE),
            entry("SES-US-GOV-EAST-1", "email-smtp.us-gov-east-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-US-GOV-WEST-1", "email-smtp.us-gov-west-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-US-WEST-1", "email-smtp.us-west-1.amazonaws.com", 465, Tls.SECURE),
            entry("SES-US-WEST-2", "email-smtp.us-west-2.amazonaws.com", 465, Tls.SECURE),
            entry("Seznam", "smtp.seznam.cz", 465, Tls.SECURE, "Seznam Email", "seznam.cz", "email.cz", "post.cz",
                    "spoluzaci.cz"),
            entry("SMTP2GO", "mail.smtp2go.com", 2525, Tls.PLAIN),
            entry("Sparkpost", "smtp.sparkpostmail.com", 587, Tls.PLAIN, "SparkPost", "SparkPost Mail",
                    "sparkpost.com"),
            entry("Tipimail", "smtp.tipimail.com", 587, Tls.PLAIN),
            entry("Tutanota", "smtp.tutanota.com", 465, Tls.SECURE, "tutanota.com", "tuta.com", "tutanota.de",
                    "tuta.io"),
            entry("Yahoo", "smtp.mail.yahoo.com", 465, Tls.SECURE, "yahoo.com"),
            entry("Yandex", "smtp.yandex.ru", 465, Tls.SECURE, "yandex.ru"),
            entry("Zimbra", "smtp.zimbra.com", 587, Tls.STARTTLS_REQUIRED, "Zimbra Collaboration"),
            entry("Zoho", "smtp.zoho.com", 465, Tls.SECURE));

    /** Normalised name, alias or domain → service. */
    private static final Map<String, Service> BY_KEY = new HashMap<>();

    static {
        for (Service service : SERVICES) {
            BY_KEY.put(normalize(service.name()), service);
            service.aliasesAndDomains().forEach(key -> BY_KEY.put(normalize(key), service));
        }
    }

    private WellKnownEmailServices() {
    }

    /**
     * The SMTP host of a service as nodemailer resolves it: by name, alias, mail domain or the domain of an address,
     * ignoring case and any character other than letters, digits, dots and hyphens. Empty for an unknown service and
     * for a known one without a host.
     */
    static Optional<String> hostOf(String service) {
        return find(service).map(Service::host);
    }

    /** The service as nodemailer resolves it, when it is known and has a host. */
    static Optional<Service> find(String service) {
        String key = service.substring(service.lastIndexOf('@') + 1);
        Service found = BY_KEY.get(normalize(key));
        return found == null || found.host() == null ? Optional.empty() : Optional.of(found);
    }

    /** The port to connect to, nodemailer's default when the list gives none. */
    static int portOf(Service service) {
        if (service.port() > 0) {
            return service.port();
        }
        return service.secure() ? 465 : 587;
    }

    private static String normalize(String key) {
        return key.replaceAll("[^a-zA-Z0-9.-]", "").toLowerCase(Locale.ROOT);
    }

    private static Service entry(String name, String host, int port, Tls tls, String... aliasesAndDomains) {
        return new Service(name, host, port, tls, List.of(aliasesAndDomains));
    }
}
