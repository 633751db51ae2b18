package io.colorcache.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** helm/colorcache and its ci/ scenarios, rendered and linted through embedded Helm (helm-java). */
final class ChartFixture {

    static final String RELEASE = "colorcache";
    static final String NAMESPACE = "colorcache";
    static final String DEFAULTS = "defaults";
    /** The Kubernetes version the chart is rendered for (embedded Helm otherwise assumes 1.20). */
    static final String KUBE_VERSION = "v1.31.0";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ChartFixture() {
    }

    static Path chart() {
        return Path.of(System.getProperty("chart.dir", "../helm/colorcache")).toAbsolutePath().normalize();
    }

    /** "defaults" (values.yaml alone), then every ci/*-values.yaml by file name. */
    static List<String> scenarios() {
        List<String> scenarios = new ArrayList<>(List.of(DEFAULTS));
        try (Stream<Path> files = Files.list(chart().resolve("ci"))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-values.yaml")).sorted()
                    .forEach(scenarios::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scenarios;
    }

    static Path valuesFile(String scenario) {
        return chart().resolve("ci").resolve(scenario);
    }

    /** helm template of a scenario, with extra --set values. */
    static String template(String scenario, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chart()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (!DEFAULTS.equals(scenario)) {
            template = template.withValuesFile(valuesFile(scenario));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    static RenderedManifests render(String scenario) {
        return RenderedManifests.parse(template(scenario, Map.of()));
    }

    /**
     * helm lint --strict of a scenario. helm-java's lint takes no values file, so a scenario is
     * linted as a copy of the chart whose values.yaml is the defaults with the scenario merged in.
     */
    static LintResult lint(String scenario) {
        if (DEFAULTS.equals(scenario)) {
            return new Helm(chart()).lint().strict().call();
        }
        Path copy = copyOfChart();
        try {
            Map<String, Object> merged = merge(read(chart().resolve("values.yaml")), read(valuesFile(scenario)));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text `helm install --dry-run` prints, NOTES.txt included, for a scenario with extra values. */
    static String installNotes(String scenario, Map<String, Object> sets) {
        var install = new Helm(chart()).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly();
        if (!DEFAULTS.equals(scenario)) {
            install = install.withValuesFile(valuesFile(scenario));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        return install.call().getOutput();
    }

    /** The real Helm 4 binary bin/fetch-helm installs; tests that need it are skipped without it. */
    static Path helm4() {
        Path helm = Path.of(System.getProperty("helm4.bin", "../.tools/helm/helm")).toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(helm),
                "no Helm 4 binary at " + helm + ": run bin/fetch-helm");
        return helm;
    }

    /**
     * helm template through Helm 4, which also renders hooks (the test pod, the generated Redis
     * Secret) that helm-java leaves out, and takes --api-versions.
     */
    static String templateWithHelm4(String scenario, String... args) {
        List<String> command = new ArrayList<>(List.of(helm4().toString(), "template", RELEASE, chart().toString(),
                "--namespace", NAMESPACE, "--kube-version", KUBE_VERSION));
        if (!DEFAULTS.equals(scenario)) {
            command.addAll(List.of("--values", valuesFile(scenario).toString()));
        }
        command.addAll(List.of(args));
        return run(command);
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path copyOfChart() {
        try {
            Path target = Files.createTempDirectory("colorcache-chart").resolve("colorcache");
            try (Stream<Path> files = Files.walk(chart())) {
                for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                    Path dest = target.resolve(chart().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(source, dest);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path yaml) throws IOException {
        Map<String, Object> map = YAML.readValue(yaml.toFile(), Map.class);
        return map == null ? new LinkedHashMap<>() : map;
    }

    /** Helm's value merge: maps merge key by key, anything else is replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object current = merged.get(key);
            if (current instanceof Map<?, ?> c && value instanceof Map<?, ?> v) {
                merged.put(key, merge((Map<String, Object>) c, (Map<String, Object>) v));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
