package dev.runbook.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateUrlTest {
    @Test
    void parses_every_form() {
        assertThat(StateUrl.parse("file:/var/lib/runbook")).isEqualTo(new StateUrl(StateUrl.Kind.FILE, "file:/var/lib/runbook", Path.of("/var/lib/runbook")));
        assertThat(StateUrl.parse("file:///tmp/x").path()).isEqualTo(Path.of("/tmp/x"));
        assertThat(StateUrl.parse("file:/tmp/x").shared()).isFalse();
        assertThat(StateUrl.parse("dir:/mnt/team").shared()).isTrue();
        assertThat(StateUrl.parse("s3://ops-state/runbook").kind()).isEqualTo(StateUrl.Kind.S3);
        assertThat(StateUrl.parse("azblob://acct/container/prefix").kind()).isEqualTo(StateUrl.Kind.AZBLOB);
        assertThat(StateUrl.parse("postgres://ops@db.internal:5432/runbook").kind()).isEqualTo(StateUrl.Kind.POSTGRES);
        assertThat(StateUrl.parse(" S3://b ").text()).isEqualTo("S3://b");
    }

    @Test
    void refuses_a_password_in_the_url_without_repeating_it() {
        assertThatThrownBy(() -> StateUrl.parse("postgres://ops:hunter2secret@db:5432/runbook"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFIG))
                .hasMessageContaining("PGPASSWORD").hasMessageContaining("postgres://ops@db:5432/runbook")
                .hasMessageNotContaining("hunter2secret");
    }

    /** A SAS token or key pasted with the URL (in its query) is never quoted back, whatever the refusal. */
    @Test
    void never_quotes_a_query_where_a_token_would_be() {
        String sig = "sig=Zm9vYmFyc2VjcmV0c2lnbmF0dXJl";
        for (String url : new String[] {
                "azblob://acct/container/prefix?sv=2022-11-02&" + sig,
                "s3://bucket/prefix?X-Amz-Credential=AKIA&" + sig,
                "https://acct.blob.core.windows.net/container?sv=2022-11-02&" + sig,
                "azblob://acct/container?sv=a b&" + sig,
                "azblob://acct?" + sig,
                "postgres://ops@db?sslmode=require&" + sig}) {
            assertThatThrownBy(() -> StateUrl.parse(url)).as(url).isInstanceOf(StoreException.class).hasMessageNotContaining(sig)
                    .hasMessageNotContaining("Zm9vYmFy");
        }
        assertThat(StateUrl.shown("postgres://ops:pw@db/x?a=b")).isEqualTo("postgres://ops@db/x");
    }

    @Test
    void says_what_forms_work() {
        assertThatThrownBy(() -> StateUrl.parse("ftp://x/y")).hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> StateUrl.parse("/tmp/state")).hasMessageContaining("file:/tmp/state").hasMessageContaining("dir:/tmp/state");
        assertThatThrownBy(() -> StateUrl.parse("s3://")).hasMessageContaining("bucket");
        assertThatThrownBy(() -> StateUrl.parse("azblob://acct")).hasMessageContaining("container");
        assertThatThrownBy(() -> StateUrl.parse("postgres://ops@db")).hasMessageContaining("database");
        assertThatThrownBy(() -> StateUrl.parse("s3://b/p?x=1")).hasMessageContaining("environment");
        assertThat(StateUrl.parse("postgres://ops@db/runbook?sslmode=verify-full").kind()).isEqualTo(StateUrl.Kind.POSTGRES);
        assertThatThrownBy(() -> StateUrl.parse("postgres://ops@db/runbook?sslmode=require&password=hunter2secret"))
                .hasMessageContaining("PGPASSWORD").hasMessageNotContaining("hunter2secret");
        assertThatThrownBy(() -> StateUrl.parse("")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> StateUrl.parse("file:")).hasMessageContaining("no directory");
    }

    @Test
    void a_store_missing_from_the_build_is_a_config_error_not_a_crash() {
        // until state-backends lands them, the cloud factories are absent; afterwards this opens and fails on config
        assertThatThrownBy(() -> StateStores.open(StateUrl.parse("azblob://nosuchaccount/c/p"), Map.of()))
                .isInstanceOf(StoreException.class);
    }
}
