package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskTimesTest {

    @Test
    void sharesAreOfWallTimeTimesParallelismBusiestFirst() {
        TaskTimes before = times(new TaskTimes.Task("source", 2, 100, 0), new TaskTimes.Task("registry", 2, 1_000, 50));
        TaskTimes after = times(new TaskTimes.Task("source", 2, 1_100, 3_000), new TaskTimes.Task("registry", 2, 17_000, 50));
        List<TaskTimes.Share> shares = after.since(before, 10_000_000_000L); // 10 s, 2 subtasks: 20 000 ms each
        assertThat(shares).containsExactly(new TaskTimes.Share("registry", 0.8, 0.0), new TaskTimes.Share("source", 0.05, 0.15));
        assertThat(TaskTimes.describe(shares)).isEqualTo("registry busy 80 %, back-pressured 0 %; source busy 5 %, back-pressured 15 %");
    }

    @Test
    void aTaskWithoutTheMetricComesLast() {
        TaskTimes before = times(new TaskTimes.Task("sink", 1, Double.NaN, Double.NaN), new TaskTimes.Task("source", 1, 0, 0));
        TaskTimes after = times(new TaskTimes.Task("sink", 1, Double.NaN, Double.NaN), new TaskTimes.Task("source", 1, 500, 0));
        assertThat(after.since(before, 1_000_000_000L)).extracting(TaskTimes.Share::name).containsExactly("source", "sink");
    }

    @Test
    void aReadingIsIncompleteOnlyWhenNoTaskHasItsTimes() {
        assertThat(times(new TaskTimes.Task("sink", 1, Double.NaN, Double.NaN)).incomplete()).isTrue();
        assertThat(times(new TaskTimes.Task("sink", 1, Double.NaN, Double.NaN), new TaskTimes.Task("source", 1, 5, 0))
                .incomplete()).isFalse();
    }

    @Test
    void aShareIsUncertainByFlinksFiveSecondIdleStepsOverThePhase() {
        assertThat(TaskTimes.uncertainty(1_000_000_000L)).isEqualTo(5.0); // a one-second burst: ±500 %
        assertThat(TaskTimes.uncertainty(50_000_000_000L)).isEqualTo(0.1);
    }

    private static TaskTimes times(TaskTimes.Task... tasks) {
        Map<String, TaskTimes.Task> m = new LinkedHashMap<>();
        for (TaskTimes.Task t : tasks) {
            m.put(t.name(), t);
        }
        return new TaskTimes(m);
    }
}
