package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.WorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusteringJobKeeperTest {

    @Test
    void restoresTheNewestOfSavepointAndRetainedCheckpoints(@TempDir Path dir) throws Exception {
        WorkDir work = new WorkDir(dir.resolve("flink"));
        Path savepoint = metadata(work.savepointsDir().resolve("savepoint-abc"), 2_000);
        Path older = metadata(work.checkpointsDir().resolve("job1/chk-3"), 1_000);
        Path lastSavepoint = dir.resolve("flink/last-savepoint");
        Files.writeString(lastSavepoint, savepoint.toUri() + "\n");
        ClusteringJobKeeper keeper = new ClusteringJobKeeper(new FlinkRestClient("http://127.0.0.1:1"), dir.resolve("job.jar"),
                List.of(), 2, work, lastSavepoint);
        assertThat(keeper.newestRestorePoint()).contains(savepoint);

        // A crash after the savepoint: the newer checkpoint of the running job wins.
        Path newer = metadata(work.checkpointsDir().resolve("job2/chk-7"), 3_000);
        assertThat(keeper.newestRestorePoint()).contains(newer);

        // A checkpoint folder without _metadata (being written, or half-deleted) is no restore point.
        Files.createDirectories(work.checkpointsDir().resolve("job2/chk-8"));
        assertThat(keeper.newestRestorePoint()).contains(newer).isNotEqualTo(older);
    }

    @Test
    void nothingOnDiskMeansAFreshStart(@TempDir Path dir) {
        ClusteringJobKeeper keeper = new ClusteringJobKeeper(new FlinkRestClient("http://127.0.0.1:1"), dir.resolve("job.jar"),
                List.of(), 2, new WorkDir(dir), dir.resolve("last-savepoint"));
        assertThat(keeper.newestRestorePoint()).isEmpty();
    }

    @Test
    void stateWithoutTheFormatMarkIsSetAsideAndTheJobReplaysFromTheEarliestOffsets(@TempDir Path dir) throws Exception {
        WorkDir work = new WorkDir(dir.resolve("flink"));
        Path old = metadata(work.checkpointsDir().resolve("job1/chk-3"), 1_000);
        ClusteringJobKeeper keeper = new ClusteringJobKeeper(new FlinkRestClient("http://127.0.0.1:1"), dir.resolve("job.jar"),
                List.of("--mongo.uri", "m", "--kafka.starting-offsets", "committed"), 2, work, dir.resolve("flink/last-savepoint"));

        assertThat(keeper.restorePoint()).isEmpty();
        assertThat(keeper.jobArgs()).containsExactly("--mongo.uri", "m", "--kafka.starting-offsets", "earliest");
        assertThat(keeper.notice()).contains("before state format v1");
        assertThat(old).doesNotExist();
        assertThat(keeper.newestRestorePoint()).isEmpty();
    }

    @Test
    void stateMarkedWithTheFormatIsRestored(@TempDir Path dir) throws Exception {
        WorkDir work = new WorkDir(dir.resolve("flink"));
        Path checkpoint = metadata(work.checkpointsDir().resolve("job1/chk-3"), 1_000);
        Files.writeString(work.root().resolve("state-format"), ClusteringJobKeeper.STATE_FORMAT + "\n");
        List<String> args = List.of("--mongo.uri", "m");
        ClusteringJobKeeper keeper = new ClusteringJobKeeper(new FlinkRestClient("http://127.0.0.1:1"), dir.resolve("job.jar"),
                args, 2, work, dir.resolve("flink/last-savepoint"));

        assertThat(keeper.restorePoint()).contains(checkpoint);
        assertThat(keeper.jobArgs()).isEqualTo(args);
        assertThat(keeper.notice()).isNull();
    }

    private static Path metadata(Path folder, long millis) throws Exception {
        Files.createDirectories(folder);
        Path m = Files.writeString(folder.resolve("_metadata"), "x");
        Files.setLastModifiedTime(m, FileTime.fromMillis(millis));
        return folder;
    }
}
