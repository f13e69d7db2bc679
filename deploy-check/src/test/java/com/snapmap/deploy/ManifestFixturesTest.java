package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline checks reject what the API server would: each fixture carries one known fault. */
class ManifestFixturesTest {

    @Test
    void aMisspeltDeploymentFieldIsReported() {
        JsonNode d = fixture("deployment-misspelt-field.yaml");

        assertThat(StrictModel.unknownFields(StrictModel.parse(d)))
                .containsExactly("spec.template.spec.containers[0].imagePullPolcy");
    }

    @Test
    void aFlinkDeploymentFieldTheCrdDoesNotKnowIsReported() {
        JsonNode fd = fixture("flinkdeployment-unknown-field.yaml");

        List<String> errors = OperatorCrds.forObject(fd).errors(fd);

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("/spec/job").contains("savepointNonce");
    }

    @Test
    void theOnDemandSavepointMatchesTheCrd() {
        JsonNode snapshot = Kustomize.parse(Kustomize.DEPLOY.resolve("operations").resolve("savepoint-now.yaml")).get(0);

        assertThat(OperatorCrds.forObject(snapshot).errors(snapshot)).isEmpty();
    }

    private static JsonNode fixture(String name) {
        try {
            return Kustomize.parse(Path.of(ManifestFixturesTest.class.getResource("/fixtures/" + name).toURI())).get(0);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
