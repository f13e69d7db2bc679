package com.snapmap.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkFactTest {

    private final CellPhoto photo = new CellPhoto("u05kq1", true, "p7", 1_000, 45.76, 4.83);

    @Test
    void anAssignToTheLabelNamedAfterItsPhotoOpensThatLabel() {
        assertThat(LinkFact.assign(photo, LinkFact.newLabel("u05kq1", "p7")).opensLabel()).isTrue();
    }

    @Test
    void anAssignToAnotherPhotosLabelOrAnotherRegionsDoesNot() {
        assertThat(LinkFact.assign(photo, LinkFact.newLabel("u05kq1", "p6")).opensLabel()).isFalse();
        assertThat(LinkFact.assign(photo, LinkFact.newLabel("u05kq1", "xp7")).opensLabel()).isFalse();
        assertThat(LinkFact.assign(photo, LinkFact.newLabel("u05kq2", "p7")).opensLabel()).isFalse();
        assertThat(LinkFact.assign(photo, "u05kq1:p7").opensLabel()).isFalse();
    }

    @Test
    void otherFactsNeverOpenALabel() {
        String label = LinkFact.newLabel("u05kq1", "p7");
        assertThat(LinkFact.union("u05kq1", "p7", 1_000, label, "u05kq1/p1").opensLabel()).isFalse();
    }
}
