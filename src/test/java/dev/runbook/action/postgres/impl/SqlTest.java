package dev.runbook.action.postgres.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void one_statement_with_or_without_a_trailing_semicolon() {
        assertThat(Sql.secondStatement("SELECT 1")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT 1;")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT 1 ; -- done\n /* really */ ")).isEqualTo(-1);
    }

    @Test
    void finds_the_semicolon_before_a_second_statement() {
        assertThat(Sql.secondStatement("SELECT 1; SELECT 2")).isEqualTo(8);
        assertThat(Sql.secondStatement("COMMIT;DELETE FROM t")).isEqualTo(6);
        assertThat(Sql.secondStatement("SELECT 1;; SELECT 2")).isEqualTo(8);
    }

    @Test
    void ignores_semicolons_in_literals_identifiers_comments_and_dollar_quotes() {
        assertThat(Sql.secondStatement("SELECT 'a;b', 'it''s;', \"x;y\" FROM t")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT E'\\';x' AS s")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT 1 /* a /* nested; */ ; */ + 1")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT $fn$ ; $fn$, $$;$$")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT 1 -- ; not here\n + 2")).isEqualTo(-1);
        assertThat(Sql.secondStatement("SELECT $1::int; SELECT 2")).isEqualTo(14);
    }
}
