package io.colorcache.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart's README.md, generated from the commented values.yaml (in the manner of helm-docs):
 * every key with the comment block right above it ({@code # -- } and its continuation lines, or
 * a section's plain comment), its type and default from the parsed YAML. Keys inside list
 * defaults are part of their list's default. Written by bin/chart-readme; ChartReadmeTest fails
 * when the committed file is stale.
 */
final class ChartReadme {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.\"/-]+):(?: .*)?$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The section of the top-level values that stand alone. */
    private static final String GENERAL = "General";

    private ChartReadme() {
    }

    /** A documented key: its dotted path and description. */
    record Documented(String path, String description) {
    }

    static String generate(Path chart) throws IOException {
        JsonNode meta = YAML.readTree(chart.resolve("Chart.yaml").toFile());
        JsonNode values = YAML.readTree(chart.resolve("values.yaml").toFile());
        List<Documented> keys = documentedKeys(Files.readAllLines(chart.resolve("values.yaml")));
        StringBuilder out = new StringBuilder();
        out.append("# ").append(meta.path("name").asText()).append(" Helm chart\n\n")
                .append("<!-- Generated from values.yaml by bin/chart-readme; do not edit. -->\n\n")
                .append(meta.path("description").asText().strip()).append("\n\n")
                .append("Chart version ").append(meta.path("version").asText()).append(", app version ")
                .append(meta.path("appVersion").asText()).append(", Kubernetes ")
                .append(meta.path("kubeVersion").asText()).append(".\n\n")
                .append("## Install\n\n```sh\n")
                .append("helm install colorcache helm/colorcache -n colorcache --create-namespace \\\n")
                .append("  --set model.sha256=$(sha256sum ddcolor.onnx | cut -d' ' -f1) \\\n")
                .append("  --set model.url=https://models.example.com/ddcolor.onnx\n")
                .append("helm test colorcache -n colorcache\n```\n\n")
                .append("The install notes (NOTES.txt) say how to reach the gateway and what to check. Every value\n")
                .append("is checked by values.schema.json (unknown keys are refused). The project's README.md,\n")
                .append("\"Deploy on Kubernetes\", describes what the chart deploys.\n\n")
                .append("## Values\n");
        Map<String, List<Documented>> sections = new LinkedHashMap<>();
        sections.put(GENERAL, new ArrayList<>());
        for (Documented key : keys) {
            String top = key.path().split("\\.", 2)[0];
            boolean alone = keys.stream().noneMatch(k -> k.path().startsWith(top + "."));
            sections.computeIfAbsent(alone ? GENERAL : top, s -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<Documented>> section : sections.entrySet()) {
            out.append("\n### ").append(section.getKey()).append("\n\n");
            List<Documented> rows = new ArrayList<>();
            for (Documented key : section.getValue()) {
                JsonNode node = at(values, key.path());
                boolean hasDocumentedChildren = keys.stream().anyMatch(k -> k.path().startsWith(key.path() + "."));
                if (key.path().equals(section.getKey()) && hasDocumentedChildren) {
                    if (!key.description().isEmpty()) {
                        out.append(cell(key.description())).append("\n\n");
                    }
                } else if (!(node.isObject() && hasDocumentedChildren)) {
                    rows.add(key);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            out.append("| Key | Type | Default | Description |\n|---|---|---|---|\n");
            for (Documented key : rows) {
                JsonNode node = at(values, key.path());
                out.append("| `").append(key.path()).append("` | ").append(type(node)).append(" | ")
                        .append(defaultOf(node)).append(" | ").append(cell(key.description())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** Every key of values.yaml outside list defaults, in order, with the comment block above it. */
    static List<Documented> documentedKeys(List<String> lines) {
        List<Documented> keys = new ArrayList<>();
        Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        List<String> comment = new ArrayList<>();
        int listIndent = -1;
        for (String line : lines) {
            String stripped = line.strip();
            int indent = line.length() - line.stripLeading().length();
            if (stripped.isEmpty()) {
                comment.clear();
                continue;
            }
            if (listIndent >= 0 && (indent > listIndent || (indent == listIndent && stripped.startsWith("-")))) {
                continue;
            }
            listIndent = -1;
            if (stripped.startsWith("#")) {
                comment.add(stripped);
                continue;
            }
            if (stripped.startsWith("-")) {
                listIndent = indent;
                comment.clear();
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.matches()) {
                throw new IllegalStateException("values.yaml: cannot read this line: " + line);
            }
            while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                parents.pop();
            }
            StringBuilder path = new StringBuilder();
            parents.descendingIterator().forEachRemaining(p -> path.append(p.getValue()).append('.'));
            path.append(key.group(2).replace("\"", ""));
            String description = description(comment);
            comment.clear();
            parents.push(Map.entry(indent, key.group(2).replace("\"", "")));
            if (description.isEmpty() && parents.size() > 1) {
                continue; // an uncommented key inside a map is part of that map's default
            }
            keys.add(new Documented(path.toString(), description));
        }
        return keys;
    }

    /** The {@code # --} block (with its continuation lines), else a plain comment block, as one line. */
    private static String description(List<String> comment) {
        int start = 0;
        for (int i = 0; i < comment.size(); i++) {
            if (comment.get(i).startsWith("# --")) {
                start = i;
            }
        }
        StringBuilder text = new StringBuilder();
        for (String line : comment.subList(start, comment.size())) {
            String words = line.replaceFirst("^#( --)?", "").strip();
            if (!words.isEmpty()) {
                text.append(text.isEmpty() ? "" : " ").append(words);
            }
        }
        return text.toString();
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static String type(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        if (node.isNumber()) {
            return "float";
        }
        if (node.isArray()) {
            return "list";
        }
        return node.isObject() ? "object" : "null";
    }

    private static String defaultOf(JsonNode node) {
        try {
            String json = JSON.writeValueAsString(node);
            return "`" + json.replace("|", "\\|") + "`";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Markdown of a description: pipes and angle brackets escaped. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
