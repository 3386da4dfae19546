package io.switchboard.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rows of {@code docs/configuration.md}: each setting, its environment variable, default and meaning. */
record ConfigurationReference(List<Row> rows) {

    static final Path FILE = Path.of("docs/configuration.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>|\\.\\*$");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (`([A-Z0-9_]+)`|—) \\| (.*) \\| (.*) \\|$");

    /** One documented setting; a name holding {@code <...>} or ending in {@code .*} stands for a tree of them. */
    record Row(String setting, Optional<String> environmentVariable, String defaultValue, String meaning) {

        boolean isTree() {
            return setting.contains("<") || setting.endsWith(".*");
        }

        /** Whether a name the application reads is this setting, or one of its tree, or an item of its list. */
        boolean covers(String name) {
            StringBuilder regex = new StringBuilder();
            Matcher placeholder = PLACEHOLDER.matcher(setting);
            int from = 0;
            while (placeholder.find()) {
                regex.append(Pattern.quote(setting.substring(from, placeholder.start())))
                        .append(placeholder.group().equals(".*") ? "(\\..+|\\[.+)" : "[^.\\[\\]]+");
                from = placeholder.end();
            }
            regex.append(Pattern.quote(setting.substring(from))).append("(\\[\\d+].*)?");
            return name.matches(regex.toString());
        }
    }

    static ConfigurationReference read() {
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(FILE)) {
                Matcher row = ROW.matcher(line);
                if (row.matches()) {
                    rows.add(new Row(row.group(1), Optional.ofNullable(row.group(3)), row.group(4), row.group(5)));
                }
            }
            return new ConfigurationReference(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How SmallRye Config finds a setting in the environment: capitals, every other character {@code _}. */
    static String environmentVariableOf(String setting) {
        return setting.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    boolean documents(String name) {
        return rows.stream().anyMatch(row -> row.covers(name));
    }

    boolean documentsVariable(String variable) {
        return rows.stream().anyMatch(row -> row.environmentVariable().filter(variable::equals).isPresent());
    }
}
