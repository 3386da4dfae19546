package io.switchboard.connector.email;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SMTP hosts of the mail services nodemailer knows by name ({@code lib/well-known/services.json}). Kibana accepts
 * any of these names, their aliases or their mail domains as an email connector's {@code service}, and checks the
 * resolved host against {@code xpack.actions.allowedHosts}.
 */
final class WellKnownEmailServices {

    /** name, SMTP host (null when the service has none), then aliases and mail domains. */
    private static final List<List<String>> SERVICES = List.of(
            entry("1und1", "smtp.1und1.de"),
            entry("126", "smtp.126.com"),
            entry("163", "smtp.163.com"),
            entry("Aliyun", "smtp.aliyun.com", "aliyun.com"),
            entry("AliyunQiye", "smtp.qiye.aliyun.com"),
            entry("AOL", "smtp.aol.com", "aol.com"),
            entry("Aruba", "smtps.aruba.it", "Aruba PEC", "aruba.it", "pec.aruba.it"),
            entry("Bluewin", "smtpauths.bluewin.ch", "bluewin.ch"),
            entry("BOL", "smtp.bol.com.br", "bol.com.br"),
            entry("DebugMail", "debugmail.io"),
            entry("Disroot", "smtp.disroot.org", "disroot.org"),
            entry("DynectEmail", "smtp.dynect.net", "Dynect"),
            entry("ElasticEmail", "smtp.elasticemail.com", "Elastic Email"),
            entry("Ethereal", "smtp.ethereal.email", "ethereal.email"),
            entry("FastMail", "smtp.fastmail.com", "fastmail.fm"),
            entry("Feishu Mail", "smtp.feishu.cn", "Feishu", "FeishuMail", "www.feishu.cn"),
            entry("Forward Email", "smtp.forwardemail.net", "FE", "ForwardEmail", "forwardemail.net"),
            entry("GandiMail", "mail.gandi.net", "Gandi", "Gandi Mail"),
            entry("Gmail", "smtp.gmail.com", "Google Mail", "gmail.com", "googlemail.com"),
            entry("GMX", "mail.gmx.com", "gmx.com", "gmx.net", "gmx.de"),
            entry("Godaddy", "smtpout.secureserver.net"),
            entry("GodaddyAsia", "smtp.asia.secureserver.net"),
            entry("GodaddyEurope", "smtp.europe.secureserver.net"),
            entry("hot.ee", "mail.hot.ee"),
            entry("Hotmail", "smtp-mail.outlook.com", "Outlook", "Outlook.com", "Hotmail.com", "hotmail.com",
                    "outlook.com"),
            entry("iCloud", "smtp.mail.me.com", "Me", "Mac", "me.com", "mac.com"),
            entry("Infomaniak", "mail.infomaniak.com", "ik.me", "ikmail.com", "etik.com"),
            entry("KolabNow", "smtp.kolabnow.com", "kolabnow.com", "Kolab"),
            entry("Loopia", "mailcluster.loopia.se"),
            entry("Loops", "smtp.loops.so"),
            entry("mail.ee", "smtp.mail.ee"),
            entry("Mail.ru", "smtp.mail.ru"),
            entry("Mailcatch.app", "sandbox-smtp.mailcatch.app"),
            entry("Maildev", null),
            entry("MailerSend", "smtp.mailersend.net"),
            entry("Mailgun", "smtp.mailgun.org"),
            entry("Mailjet", "in.mailjet.com"),
            entry("Mailosaur", "mailosaur.io"),
            entry("Mailtrap", "live.smtp.mailtrap.io"),
            entry("Mandrill", "smtp.mandrillapp.com"),
            entry("Naver", "smtp.naver.com"),
            entry("OhMySMTP", "smtp.ohmysmtp.com"),
            entry("One", "send.one.com"),
            entry("OpenMailBox", "smtp.openmailbox.org", "OMB", "openmailbox.org"),
            entry("Outlook365", "smtp.office365.com"),
            entry("Postmark", "smtp.postmarkapp.com", "PostmarkApp"),
            entry("Proton", "smtp.protonmail.ch", "ProtonMail", "Proton.me", "Protonmail.com", "Protonmail.ch",
                    "proton.me", "protonmail.com", "pm.me", "protonmail.ch"),
            entry("qiye.aliyun", "smtp.mxhichina.com"),
            entry("QQ", "smtp.qq.com", "qq.com"),
            entry("QQex", "smtp.exmail.qq.com", "QQ Enterprise", "exmail.qq.com"),
            entry("Resend", "smtp.resend.com"),
            entry("Runbox", "smtp.runbox.com", "runbox.com"),
            entry("SendCloud", "smtp.sendcloud.net"),
            entry("SendGrid", "smtp.sendgrid.net"),
            entry("SendinBlue", "smtp-relay.brevo.com", "Brevo"),
            entry("SendPulse", "smtp-pulse.com"),
            entry("SES", "email-smtp.us-east-1.amazonaws.com"),
            entry("SES-AP-NORTHEAST-1", "email-smtp.ap-northeast-1.amazonaws.com"),
            entry("SES-AP-NORTHEAST-2", "email-smtp.ap-northeast-2.amazonaws.com"),
            entry("SES-AP-NORTHEAST-3", "email-smtp.ap-northeast-3.amazonaws.com"),
            entry("SES-AP-SOUTH-1", "email-smtp.ap-south-1.amazonaws.com"),
            entry("SES-AP-SOUTHEAST-1", "email-smtp.ap-southeast-1.amazonaws.com"),
            entry("SES-AP-SOUTHEAST-2", "email-smtp.ap-southeast-2.amazonaws.com"),
            entry("SES-CA-CENTRAL-1", "email-smtp.ca-central-1.amazonaws.com"),
            entry("SES-EU-CENTRAL-1", "email-smtp.eu-central-1.amazonaws.com"),
            entry("SES-EU-NORTH-1", "email-smtp.eu-north-1.amazonaws.com"),
            entry("SES-EU-WEST-1", "email-smtp.eu-west-1.amazonaws.com"),
            entry("SES-EU-WEST-2", "email-smtp.eu-west-2.amazonaws.com"),
            entry("SES-EU-WEST-3", "email-smtp.eu-west-3.amazonaws.com"),
            entry("SES-SA-EAST-1", "email-smtp.sa-east-1.amazonaws.com"),
            entry("SES-US-EAST-1", "email-smtp.us-east-1.amazonaws.com"),
            entry("SES-US-EAST-2", "email-smtp.us-east-2.amazonaws.com"),
            entry("SES-US-GOV-EAST-1", "email-smtp.us-gov-east-1.amazonaws.com"),
            entry("SES-US-GOV-WEST-1", "email-smtp.us-gov-west-1.amazonaws.com"),
            entry("SES-US-WEST-1", "email-smtp.us-west-1.amazonaws.com"),
            entry("SES-US-WEST-2", "email-smtp.us-west-2.amazonaws.com"),
            entry("Seznam", "smtp.seznam.cz", "Seznam Email", "seznam.cz", "email.cz", "post.cz", "spoluzaci.cz"),
            entry("SMTP2GO", "mail.smtp2go.com"),
            entry("Sparkpost", "smtp.sparkpostmail.com", "SparkPost", "SparkPost Mail", "sparkpost.com"),
            entry("Tipimail", "smtp.tipimail.com"),
            entry("Tutanota", "smtp.tutanota.com", "tutanota.com", "tuta.com", "tutanota.de", "tuta.io"),
            entry("Yahoo", "smtp.mail.yahoo.com", "yahoo.com"),
            entry("Yandex", "smtp.yandex.ru", "yandex.ru"),
            entry("Zimbra", "smtp.zimbra.com", "Zimbra Collaboration"),
            entry("Zoho", "smtp.zoho.com"));

    /** Normalised name, alias or domain → host ("" for a service without a host). */
    private static final Map<String, String> HOSTS = new HashMap<>();

    static {
        for (List<String> service : SERVICES) {
            String host = service.get(1) == null ? "" : service.get(1);
            HOSTS.put(normalize(service.get(0)), host);
            service.subList(2, service.size()).forEach(key -> HOSTS.put(normalize(key), host));
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
        String key = service.substring(service.lastIndexOf('@') + 1);
        String host = HOSTS.get(normalize(key));
        return host == null || host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    private static String normalize(String key) {
        return key.replaceAll("[^a-zA-Z0-9.-]", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> entry(String name, String host, String... aliasesAndDomains) {
        List<String> entry = new ArrayList<>();
        entry.add(name);
        entry.add(host);
        entry.addAll(List.of(aliasesAndDomains));
        return entry;
    }
}
