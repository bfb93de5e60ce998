package io.leadrouter.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes mapping files for tests. */
final class MappingFiles {

    static final String VALID = """
            source: %s
            title: Test form
            description: A form used by tests.
            crm: hubspot
            defaultRegion: US
            fields:
              email: { from: [email, $.contact.email], transform: [trim] }
              phone: { from: [phone, $.contact.phone] }
              firstName: { from: [first-name, $.name.first], transform: [collapse-whitespace, title-case] }
              country: { from: country, default: DE }
              company: { from: company.name }
            attributes:
              campaign: { from: [utm.campaign, $.utm.campaign], transform: [lowercase] }
            examples:
              - name: flat
                input: { email: a@b.io }
                expect: { email: a@b.io, country: DE }
            """;

    private MappingFiles() {
    }

    static Path write(Path dir, String fileName, String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path valid(Path dir, String id) {
        return write(dir, id + ".mapping.yaml", VALID.formatted(id));
    }
}
