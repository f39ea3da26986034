# Finds a JDK 21+ for the scripts in bin/. Source it, then: java="$(find_jdk)" || <no JDK 21+ found>
#
# find_jdk prints the path of a java binary of release 21 or newer, taking the first of
#   1. JAVA_HOME, if its java is 21+;
#   2. the newest 21+ under /usr/lib/jvm;
#   3. the newest 21+ jdkHome in the Maven toolchains file (~/.m2/toolchains.xml);
#   4. java on the PATH, if it is 21+.
# It prints nothing and returns 1 when there is none.

FIND_JDK_RELEASE=21

# The feature release of a java binary: 21 for "21.0.4", 1 for "1.8.0" (too old either way).
java_major() {
    local version
    version="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)" || true
    echo "${version%%[.+-]*}"
}

java_is_recent() {
    [[ -x "$1" ]] || return 1
    local major
    major="$(java_major "$1")"
    [[ "$major" =~ ^[0-9]+$ ]] && (( major >= FIND_JDK_RELEASE ))
}

# The newest recent java among the arguments.
newest_java() {
    local best="" best_major=0 candidate major
    for candidate in "$@"; do
        java_is_recent "$candidate" || continue
        major="$(java_major "$candidate")"
        if (( major > best_major )); then
            best="$candidate"
            best_major="$major"
        fi
    done
    [[ -n "$best" ]] && echo "$best"
}

# The java binaries of the jdkHome entries in the Maven toolchains file.
toolchain_javas() {
    local file="${HOME:-}/.m2/toolchains.xml"
    [[ -f "$file" ]] || return 0
    sed -n 's:.*<jdkHome>[[:space:]]*\([^<]*[^<[:space:]]\)[[:space:]]*</jdkHome>.*:\1/bin/java:p' "$file"
}

find_jdk() {
    if [[ -n "${JAVA_HOME:-}" ]] && java_is_recent "$JAVA_HOME/bin/java"; then
        echo "$JAVA_HOME/bin/java"
        return 0
    fi
    local found toolchains=()
    if found="$(newest_java /usr/lib/jvm/*/bin/java)"; then
        echo "$found"
        return 0
    fi
    mapfile -t toolchains < <(toolchain_javas)
    if (( ${#toolchains[@]} > 0 )) && found="$(newest_java "${toolchains[@]}")"; then
        echo "$found"
        return 0
    fi
    if found="$(command -v java)" && java_is_recent "$found"; then
        echo "$found"
        return 0
    fi
    return 1
}
