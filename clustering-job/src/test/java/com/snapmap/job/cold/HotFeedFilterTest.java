package com.snapmap.job.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.EventDocument;
import org.junit.jupiter.api.Test;

class HotFeedFilterTest {

    /** One event's value, as its keyed state holds it; counts the reads and writes a record costs. */
    private static final class OneEvent implements HotFeedFilter.ColdVersion {
        Long value;
        int reads;
        int writes;

        @Override
        public Long get() {
            reads++;
            return value;
        }

        @Override
        public void set(long version) {
            writes++;
            value = version;
        }
    }

    private final OneEvent state = new OneEvent();
    private final HotFeedFilter filter = new HotFeedFilter(state);

    private static EventDocument at(long version) {
        EventDocument d = new EventDocument();
        d.eventId = "e";
        d.version = version;
        return d;
    }

    @Test
    void hotRecordsPassWhileTheColdPathHasEmittedNothingOfTheEvent() throws Exception {
        assertThat(filter.passesHot(at(1))).isTrue();
        assertThat(filter.passesHot(at(3))).isTrue();
        assertThat(state.writes).as("a hot record writes no state").isZero();
        assertThat(state.reads).as("one read per hot record").isEqualTo(2);
    }

    @Test
    void hotRecordsAtOrBelowTheColdVersionAreDroppedAndHigherOnesPass() throws Exception {
        filter.passCold(at(4));

        assertThat(filter.passesHot(at(3))).as("the hot path's closed version, republished").isFalse();
        assertThat(filter.passesHot(at(4))).as("the same version").isFalse();
        assertThat(filter.passesHot(at(5))).isTrue();
    }

    @Test
    void theColdPathsHighestVersionIsKept() throws Exception {
        filter.passCold(at(6));
        filter.passCold(at(7));
        filter.passCold(at(5)); // never emitted by the cold path, which emits each id's versions rising; kept safe anyway

        assertThat(state.value).isEqualTo(7L);
        assertThat(filter.passesHot(at(6))).isFalse();
    }
}
