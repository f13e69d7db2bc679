package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErasedUploadsTest {

    private static final long LATENESS = 600_000L;
    private static final long T = 1_700_000_000_000L;

    @Test
    void anErasedPhotoIsKeptWhileItsUploadCouldStillBeOnTime() {
        ErasedUploads erased = new ErasedUploads(LATENESS);
        erased.erase("p1", T, T);

        erased.forget(T + LATENESS);

        assertThat(erased.isErased("p1")).isTrue();
    }

    @Test
    void itIsForgottenOnceItsUploadWouldBeTooLate() {
        ErasedUploads erased = new ErasedUploads(LATENESS);
        erased.erase("p1", T, T);

        erased.forget(T + LATENESS + 1);

        assertThat(erased.isErased("p1")).isFalse();
        assertThat(erased.entries()).isEmpty();
    }

    @Test
    void anErasureOfAPhotoAlreadyTooLateIsNotKept() {
        ErasedUploads erased = new ErasedUploads(LATENESS);

        erased.erase("old", T - LATENESS - 1, T);

        assertThat(erased.entries()).isEmpty();
    }

    @Test
    void eachErasureForgetsTheOnesPastTheirHorizon() {
        ErasedUploads erased = new ErasedUploads(LATENESS);
        erased.erase("p1", T, T);

        erased.erase("p2", T + 2 * LATENESS, T + LATENESS + 1);

        assertThat(erased.entries()).containsOnlyKeys("p2");
    }
}
