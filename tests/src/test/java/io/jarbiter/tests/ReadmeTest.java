package io.jarbiter.tests;

import io.jarbiter.conf.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's settings table is generated from the settings' one declaration; it must stay true. */
@Timeout(10)
class ReadmeTest {
    @Test
    void settingsTableMatchesTheDeclarations() throws Exception {
        String readme = Files.readString(Jarbiter.HOME.resolve("README.md"));
        String begin = "<!-- settings-table:begin -->\n";
        String table = readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf("<!-- settings-table:end -->"));
        assertEquals(Cli.settingsReferenceMarkdown(), table,
                "README.md's settings table is stale: paste Cli.settingsReferenceMarkdown() between the settings-table markers");
    }
}
