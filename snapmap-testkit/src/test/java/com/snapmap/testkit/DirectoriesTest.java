package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @TempDir
    Path tmp;

    @Test
    void deletesATreeWithItsFilesAndSubdirectories() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("profile/a/b"));
        Files.writeString(dir.resolve("f"), "x");
        Files.writeString(tmp.resolve("profile/g"), "y");

        assertThat(Directories.deleteTree(tmp.resolve("profile"))).isTrue();
        assertThat(tmp.resolve("profile")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNotThereIsGone() {
        assertThat(Directories.deleteTree(tmp.resolve("never-made"))).isTrue();
    }
}
