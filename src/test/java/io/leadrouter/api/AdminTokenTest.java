package io.leadrouter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokenTest {

    @Test
    void aGeneratedTokenIsStoredForTheOwnerOnlyAndNeverLogged(@TempDir Path data, CapturedOutput output) throws Exception {
        AdminToken generated = AdminToken.resolve(null, data);

        String token = Files.readString(data.resolve("admin-token")).strip();
        assertThat(token).hasSize(48);
        assertThat(generated.matches(token)).isTrue();
        assertThat(output.getAll()).contains("Generated the admin API token", data.resolve("admin-token").toString())
                .doesNotContain(token);
        assertThat(Files.getPosixFilePermissions(data.resolve("admin-token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(AdminToken.resolve(null, data).matches(token)).as("kept, not generated again").isTrue();
    }
}
