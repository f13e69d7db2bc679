package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KustomizeTest {

    @Test
    void aMissingKubectlNamesTheDebianPackage() {
        assertThatThrownBy(() -> Kustomize.render("local", "kubectl-not-installed-here"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install kubernetes-client");
    }
}
