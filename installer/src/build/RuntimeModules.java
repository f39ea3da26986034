import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Writes the jpackage argument file ({@code --add-modules a,b,c}) that decides which JDK modules jlink puts into the
 * installed app's runtime, so that the list is computed from the jars that ship rather than kept by hand (a
 * hand-kept list once lacked java.net.http, and the installed app could not reach the Hub).
 *
 * <p>The modules are the union of
 * <ul>
 *   <li>what {@code jdeps --print-module-deps --ignore-missing-deps --multi-release N} finds in every jar of the
 *       app's class path (N: the release of this JDK, which is the runtime jlink makes, so the classes of a
 *       multi-release jar that runtime loads are the ones analysed);</li>
 *   <li>the modules given as third argument: those only services and reflection reach, which no static analysis
 *       sees;</li>
 *   <li>jdk.crypto.ec when this JDK's SunEC provider lives there (JDK 21; from 22 on it is in java.base and the
 *       module is empty): TLS to the Hub negotiates elliptic-curve key exchange and certificates.</li>
 * </ul>
 * Runs as a source-file program on the build's toolchain JDK: {@code java RuntimeModules.java INPUT_DIR ARGFILE
 * MODULES}. jdeps is that JDK's own (through {@link ToolProvider}), and every module is checked to exist in it.
 */
public final class RuntimeModules {
    private RuntimeModules() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            fail("usage: java RuntimeModules.java INPUT_DIR ARGFILE MODULE[,MODULE...]");
        }
        Path input = Path.of(args[0]);
        Path argfile = Path.of(args[1]);
        List<String> jars;
        try (Stream<Path> files = Files.list(input)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).map(Path::toString).sorted()
                    .toList();
        }
        if (jars.isEmpty()) {
            fail("no jars in " + input);
        }

        TreeSet<String> found;
        Path classPathCopies = Files.createTempDirectory("runtime-modules");
        try {
            found = jdeps(asOnTheClassPath(jars, classPathCopies));
        } finally {
            try (Stream<Path> copies = Files.list(classPathCopies)) {
                for (Path copy : copies.toList()) {
                    Files.delete(copy);
                }
            }
            Files.delete(classPathCopies);
        }
        TreeSet<String> modules = new TreeSet<>(found);
        Arrays.stream(args[2].split(",")).map(String::strip).filter(m -> !m.isEmpty()).forEach(modules::add);
        ModuleFinder jdk = ModuleFinder.ofSystem();
        Optional<ModuleReference> ec = jdk.find("jdk.crypto.ec");
        if (ec.isPresent() && !ec.get().descriptor().provides().isEmpty()) {
            modules.add("jdk.crypto.ec");
        }
        List<String> absent = modules.stream().filter(m -> jdk.find(m).isEmpty()).toList();
        if (!absent.isEmpty()) {
            fail("this JDK (" + Runtime.version() + ") has no module " + String.join(", ", absent));
        }

        Files.createDirectories(argfile.toAbsolutePath().getParent());
        Files.writeString(argfile, "--add-modules " + String.join(",", modules) + System.lineSeparator());
        System.out.println("Runtime modules: " + String.join(",", modules) + " (jdeps over " + jars.size()
                + " jars found " + String.join(",", found) + ") -> " + argfile);
    }

    /**
     * The jars as the launchers use them, on the class path: a modular jar (one with a module-info.class) is
     * replaced by a copy of its classes and manifest without the descriptor, because jdeps would otherwise resolve
     * its {@code requires} and stop at any module that is not shipped (commons-compress names commons-lang3, which
     * it needs only for code the app does not call).
     */
    private static List<String> asOnTheClassPath(List<String> jars, Path copies) throws IOException {
        List<String> result = new ArrayList<>();
        for (String jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                boolean modular = file.stream().anyMatch(RuntimeModules::isDescriptor);
                if (!modular) {
                    result.add(jar);
                    continue;
                }
                Path copy = copies.resolve(Path.of(jar).getFileName());
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy))) {
                    for (JarEntry entry : Collections.list(file.entries())) {
                        String name = entry.getName();
                        if (isDescriptor(entry) || !(name.endsWith(".class") || name.equals(JarFile.MANIFEST_NAME))) {
                            continue;
                        }
                        out.putNextEntry(new JarEntry(name));
                        try (InputStream in = file.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                result.add(copy.toString());
            }
        }
        return result;
    }

    private static boolean isDescriptor(JarEntry entry) {
        return entry.getName().equals("module-info.class") || entry.getName().endsWith("/module-info.class");
    }

    private static TreeSet<String> jdeps(List<String> jars) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "this JDK (" + System.getProperty("java.home") + ") has no jdeps"));
        List<String> command = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(Runtime.version().feature())));
        command.addAll(jars);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), command.toArray(String[]::new));
        if (exit != 0) {
            fail("jdeps failed (exit " + exit + "):\n" + out + err);
        }
        // The list is the last line; warnings may come before it.
        List<String> lines = out.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.getLast().matches("[\\w.]+(,[\\w.]+)*")) {
            fail("jdeps printed no module list:\n" + out + err);
        }
        return new TreeSet<>(Arrays.asList(lines.getLast().split(",")));
    }

    private static void fail(String message) {
        System.err.println("RuntimeModules: " + message);
        System.exit(1);
    }
}
