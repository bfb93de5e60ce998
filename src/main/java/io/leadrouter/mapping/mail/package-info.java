/**
 * Reads one raw RFC 822 email (the exact bytes the mail-inbox source committed) into the flat field map a
 * mapping file reads: sender (the original one for forwards), text body, "Field: value" notification lines,
 * signature and vCard details, and whether the message is an automated reply to ignore. Plain Java over
 * jakarta.mail, jsoup and ez-vcard, bounded in size, depth and time because every inbox receives hostile mail.
 */
package io.leadrouter.mapping.mail;
