package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.job.io.FileClusteringRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Savepoints of state format v1 restore into this build (docs/OPERATE.md, "State format"): the
 * graph restored from one and fed the photos after it ends with the reference clusterer's events
 * on every photo, those before the savepoint included.
 */
class SavepointFormatV1ITCase {

    /** Set to an empty or missing folder, the generator test writes its savepoint there (see the resource's README). */
    static final String MAKE_INTO = "snapmap.state-v1.dir";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.create();

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {StateV1Savepoint.PARALLELISM, 3})
    void theCommittedSavepointRestoresAndFurtherPhotosEndInTheReferenceEvents(int parallelism) throws Exception {
        Path committed = Path.of(getClass().getResource(StateV1Savepoint.RESOURCE).toURI());
        assertRestoresToTheReference(committed, parallelism);
    }

    /** The committed savepoint's generator still works (and, with {@value #MAKE_INTO}, makes it anew). */
    @Test
    void aSavepointTakenByThisBuildTheSameWayRestoresToo() throws Exception {
        String into = System.getProperty(MAKE_INTO);
        Path dir = into == null || into.isBlank() ? tmp.resolve("made") : Path.of(into);
        assertThat(StateV1Savepoint.isEmpty(dir)).as("%s must be empty or missing", dir).isTrue();
        StateV1Savepoint.make(dir, tmp.resolve("making"));
        assertRestoresToTheReference(dir, StateV1Savepoint.PARALLELISM);
    }

    private void assertRestoresToTheReference(Path dir, int parallelism) throws Exception {
        List<Photo> before = StateV1Savepoint.read(dir.resolve("input/before.jsonl"));
        List<Photo> after = StateV1Savepoint.read(dir.resolve("input/after.jsonl"));
        List<Photo> all = new ArrayList<>(before);
        all.addAll(after);
        Clustering reference = new ReferenceClusterer(StateV1Savepoint.CONFIG.linkRule()).cluster(all);
        // The restored state matters: photos after the savepoint join events begun before it.
        Map<String, String> eventOf = reference.eventOfPhoto();
        Set<String> begunBefore = new HashSet<>();
        before.forEach(p -> begunBefore.add(eventOf.get(p.photoId)));
        assertThat(after).anyMatch(p -> begunBefore.contains(eventOf.get(p.photoId)));

        Path out = tmp.resolve("restored-at-" + parallelism);
        StateV1Savepoint.restoreAndFinish(dir, tmp.resolve("work-" + parallelism), out, parallelism);

        FileClusteringRun.Outcome o = FileClusteringRun.collect(List.of(dir.resolve("output"), out));
        assertThat(PartitionMetrics.differences(o.result.eventOfPhoto(), eventOf)).isEmpty(); // readable, first
        assertThat(o.result.eventOfPhoto()).isEqualTo(eventOf); // the ids too
        assertThat(o.result.events().keySet()).isEqualTo(reference.events().keySet());
        o.result.events().forEach((id, doc) -> {
            assertThat(doc.photoCount).as("photos of %s", id).isEqualTo(reference.events().get(id).count);
            assertThat(doc.status).as("status of %s", id).isEqualTo("closed");
        });
        assertThat(o.badRecords).isEmpty();
        assertThat(o.tooLate).isEmpty();
    }
}
