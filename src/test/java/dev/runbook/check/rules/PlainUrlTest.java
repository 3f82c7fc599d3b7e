package dev.runbook.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The URL shortcut accepts only what java.net.URI reads as absolute with a host, and takes the usual URLs. */
class PlainUrlTest {
    private static boolean byUri(String s) {
        try {
            URI u = new URI(s);
            return u.getScheme() != null && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void accepts_only_what_uri_accepts() {
        String[] pieces = {"http", "https", "h", "s3", "x+y", "x.y", "-", "://", ":", "/", "//", "svc", "a", "1", "9", "0",
            "example", "test", ".", "..", "_", "~", "8080", "123456", "?", "#", "%20", "@", "[::1]", " ", "é", "A", "Z-1"};
        Random random = new Random(7);
        int shortcuts = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextInt(3) > 0) sb.append(pieces[random.nextInt(3)]).append("://");
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) sb.append(pieces[random.nextInt(pieces.length)]);
            String s = sb.toString();
            if (ParameterRule.plainUrl(s)) {
                shortcuts++;
                assertThat(byUri(s)).as(s).isTrue();
            }
            assertThat(ParameterRule.isUrl(s)).as(s).isEqualTo(byUri(s));
        }
        assertThat(shortcuts).isGreaterThan(5_000);
    }

    @Test
    void takes_the_shortcut_for_usual_urls() {
        for (String s : new String[] {"https://svc-1.example.test/health", "http://localhost:8080", "https://a.b.c/x/y_z~1.json",
            "HTTPS://Host-1.Example.COM:443/"}) {
            assertThat(ParameterRule.plainUrl(s)).as(s).isTrue();
        }
        for (String s : new String[] {"https://1.2.3.4/", "https://host/?q=1", "https://user@host/", "host/path", "https://-a.b/",
            "https://a_b.c/", "https://host:/"}) {
            assertThat(ParameterRule.plainUrl(s)).as(s).isFalse();
        }
    }
}
