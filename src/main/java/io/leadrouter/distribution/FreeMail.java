package io.leadrouter.distribution;

import java.util.Set;

/** Free and consumer email domains: an address there says nothing about the company, so it is never sticky by domain. */
final class FreeMail {
    static final Set<String> DOMAINS = Set.of(
            "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "hotmail.com",
            "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com",
            "mac.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
            "mail.com", "yandex.ru", "yandex.com", "mail.ru", "qq.com", "163.com", "126.com", "zoho.com", "fastmail.com",
            "orange.fr", "free.fr", "laposte.net", "libero.it", "virgilio.it", "comcast.net", "verizon.net", "att.net");

    private FreeMail() {
    }
}
