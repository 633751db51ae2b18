package io.colorcache.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this test machine has an NVIDIA driver at all; without one CUDA cannot load. */
public final class CudaProbe {

    private CudaProbe() {
    }

    public static boolean available() {
        return Files.exists(Path.of("/proc/driver/nvidia/version"));
    }
}
