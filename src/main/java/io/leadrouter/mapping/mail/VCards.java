package io.leadrouter.mapping.mail;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.property.Email;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import java.util.LinkedHashMap;
import java.util.Map;

/** The contact in a vCard attachment (first card only), read with ez-vcard. */
final class VCards {

    static final int VCARD_MAX_CHARS = 64 * 1024;

    private VCards() {
    }

    /** vcard_email, vcard_phone, vcard_first_name, vcard_last_name, vcard_company, vcard_title — those present. */
    static Map<String, String> read(String text) {
        Map<String, String> found = new LinkedHashMap<>();
        VCard card;
        try {
            card = Ezvcard.parse(text.length() > VCARD_MAX_CHARS ? text.substring(0, VCARD_MAX_CHARS) : text).first();
        } catch (RuntimeException unreadable) {
            return found; // ez-vcard is lenient; anything it still rejects is an attachment we cannot use
        }
        if (card == null) {
            return found;
        }
        for (Email email : card.getEmails()) {
            if (put(found, "vcard_email", email.getValue())) {
                break;
            }
        }
        for (Telephone telephone : card.getTelephoneNumbers()) {
            String number = telephone.getText() != null ? telephone.getText()
                    : telephone.getUri() != null ? telephone.getUri().getNumber() : null;
            if (put(found, "vcard_phone", number)) {
                break;
            }
        }
        StructuredName name = card.getStructuredName();
        if (name != null) {
            put(found, "vcard_first_name", name.getGiven());
            put(found, "vcard_last_name", name.getFamily());
        }
        if (!found.containsKey("vcard_first_name") && !found.containsKey("vcard_last_name") && card.getFormattedName() != null) {
            String formatted = card.getFormattedName().getValue();
            if (formatted != null && !formatted.isBlank()) {
                String full = formatted.strip();
                int space = full.lastIndexOf(' ');
                put(found, "vcard_first_name", space < 0 ? full : full.substring(0, space));
                put(found, "vcard_last_name", space < 0 ? null : full.substring(space + 1));
            }
        }
        Organization organization = card.getOrganization();
        if (organization != null && !organization.getValues().isEmpty()) {
            put(found, "vcard_company", organization.getValues().get(0));
        }
        for (Title title : card.getTitles()) {
            if (put(found, "vcard_title", title.getValue())) {
                break;
            }
        }
        return found;
    }

    private static boolean put(Map<String, String> found, String key, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        found.put(key, value.strip());
        return true;
    }
}
