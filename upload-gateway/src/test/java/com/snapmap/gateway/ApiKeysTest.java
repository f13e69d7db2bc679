package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void keysAreMatchedByHashWithTheirScopes() {
        ApiKeys keys = ApiKeys.parse(ApiKeys.sha256Hex("secret-1") + ":upload+read, "
                + ApiKeys.sha256Hex("secret-2").toUpperCase() + ":read");
        assertThat(keys.scopesOf("secret-1")).contains(Set.of(Scope.UPLOAD, Scope.READ));
        assertThat(keys.scopesOf("secret-2")).contains(Set.of(Scope.READ));
        assertThat(keys.scopesOf("secret-3")).isEmpty();
    }

    @Test
    void theAdminScopeIsParsedBesideTheOthers() {
        ApiKeys keys = ApiKeys.parse(ApiKeys.sha256Hex("ops") + ":admin," + ApiKeys.sha256Hex("app") + ":upload+read+admin");
        assertThat(keys.scopesOf("ops")).contains(Set.of(Scope.ADMIN));
        assertThat(keys.scopesOf("app")).contains(Set.of(Scope.UPLOAD, Scope.READ, Scope.ADMIN));
    }

    @Test
    void anUnknownScopeIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> ApiKeys.parse(ApiKeys.sha256Hex("k") + ":root")).hasMessageContaining("known: upload, read, admin");
    }

    @Test
    void badSpecsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ApiKeys.parse("")).hasMessageContaining("no API keys");
        assertThatThrownBy(() -> ApiKeys.parse("abc:read")).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> ApiKeys.parse(ApiKeys.sha256Hex("k") + ":write")).hasMessageContaining("unknown scope");
        assertThatThrownBy(() -> ApiKeys.parse(ApiKeys.sha256Hex("k"))).hasMessageContaining("<sha256-hex>:<scope>");
    }
}
