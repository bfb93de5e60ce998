package io.leadrouter.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every source mapping in a folder of {@code <id>.mapping.yaml} files, loaded and checked together. */
public final class MappingCatalog {

    private final SortedMap<String, SourceMapping> mappings;

    private MappingCatalog(SortedMap<String, SourceMapping> mappings) {
        this.mappings = mappings;
    }

    /**
     * Loads every {@code *.mapping.yaml} in {@code dir} and runs every file's examples; throws a
     * {@link MappingException} listing every problem in every file, so nothing is half-applied.
     */
    public static MappingCatalog load(Path dir) {
        String dirName = String.valueOf(dir.getFileName());
        if (!Files.isDirectory(dir)) {
            throw new MappingException(List.of(dirName + ": is not a directory — fix: create it, or point the "
                    + "application at the folder holding the *" + MappingLoader.SUFFIX + " files"));
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new MappingException(List.of(dirName + ": cannot be listed (" + e.getMessage()
                    + ") — fix: check that the folder is readable"));
        }
        SortedMap<String, SourceMapping> mappings = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String name = String.valueOf(file.getFileName());
            if (!name.endsWith(MappingLoader.SUFFIX)) {
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    problems.add(MappingLoader.displayName(file) + ": is not named <id>" + MappingLoader.SUFFIX
                            + " — fix: rename it to <source id>" + MappingLoader.SUFFIX + " or move it out of "
                            + dirName + "/");
                }
                continue;
            }
            try {
                SourceMapping mapping = MappingLoader.load(file);
                mappings.put(mapping.sourceId(), mapping);
                // Examples run at start too, so mapping files mounted at deploy time are checked like shipped ones.
                mapping.checkExamples().forEach(failure -> problems.add(MappingLoader.displayName(file) + ": " + failure
                        + " — fix: correct the mapping or the example"));
            } catch (MappingException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        return new MappingCatalog(Collections.unmodifiableSortedMap(mappings));
    }

    /** Loads one mapping file; throws a {@link MappingException} listing every problem in it. */
    public static SourceMapping loadFile(Path file) {
        return MappingLoader.load(file);
    }

    public Optional<SourceMapping> find(String sourceId) {
        return Optional.ofNullable(sourceId == null ? null : mappings.get(sourceId));
    }

    /** Every mapping, ordered by source id. */
    public Collection<SourceMapping> all() {
        return mappings.values();
    }

    public Set<String> sourceIds() {
        return mappings.keySet();
    }
}
