package dev.runbook.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Generates {@code completions/runbook.bash} (bash; zsh loads it through {@code bashcompinit}): picocli's script
 * for the commands, options and fixed values, plus what depends on the machine at Tab time, asked of the hidden
 * command {@code runbook __complete} ({@link Complete}): runbook names (they follow the folder the user is in), run
 * ids (and {@code last}), and the parameters ({@code -p NAME=}, and their allowed values), gated steps
 * ({@code --approve}) and scenarios ({@code --scenario}) of the runbook already on the line. Run at {@code package}
 * by the build; a test fails when the committed file drifts; CompletionBashTest drives it in a real bash.
 */
public final class Completions {
    private Completions() {}

    public static String bash() {
        CommandLine cl = RunbookCommand.commandLine(new RunbookCommand(Path.of(""), Map.of(), () -> {
            throw new IllegalStateException("completion generation needs no catalogue");
        }));
        String script = AutoComplete.bash("runbook", cl);
        // picocli quotes the candidate list into an array; swap each placeholder for a live lookup through the hidden
        // command (unquoted, so bash splits the answer into array elements), skipped while an option name is typed
        script = live(script, RunbookNames.PLACEHOLDER, "runbook __complete runbooks 2>/dev/null");
        script = live(script, Candidates.RunIds.PLACEHOLDER, "_runbook_runs runs");
        script = live(script, Candidates.ResumeRunIds.PLACEHOLDER, "_runbook_runs resume");
        script = live(script, Candidates.TeamRunIds.PLACEHOLDER, "_runbook_runs team-runs");
        // option values that depend on the runbook on the line (exec, rehearse) or on the run (resume, takeover): arms
        // before picocli's own (the first match wins)
        String secretValue = "case ${COMP_WORDS[COMP_CWORD-3]} in --secret-env) _runbook_env_names; return $? ;;"
                + " --secret-file) _runbook_files; return $? ;; esac";
        script = arms(script, "exec", List.of(
                arm("'-p'|'--param'", "_runbook_dynamic params"),
                arm("'--approve'", "_runbook_dynamic steps"),
                arm("'--secret-env'|'--secret-file'", "_runbook_dynamic secrets"),
                equalsArm("--param=NAME, -p NAME=VALUE, --secret-env NAME=VAR", List.of(
                        "case ${COMP_WORDS[COMP_CWORD-2]} in -p|--param) _runbook_dynamic params; return $? ;; --approve) _runbook_dynamic steps; return $? ;;"
                                + " --secret-env|--secret-file) _runbook_dynamic secrets; return $? ;; esac",
                        "case ${COMP_WORDS[COMP_CWORD-3]} in -p|--param) _runbook_dynamic values \"${COMP_WORDS[COMP_CWORD-2]}\"; return $? ;; esac",
                        secretValue))));
        script = arms(script, "rehearse", List.of(
                arm("'--scenario'", "_runbook_dynamic scenarios"),
                arm("'--approve'", "_runbook_dynamic steps"),
                arm("'--secret-env'|'--secret-file'", "_runbook_dynamic secrets"),
                equalsArm("--scenario=NAME, --approve=STEP, --secret-env NAME=VAR", List.of(
                        "case ${COMP_WORDS[COMP_CWORD-2]} in --scenario) _runbook_dynamic scenarios; return $? ;; --approve) _runbook_dynamic steps; return $? ;;"
                                + " --secret-env|--secret-file) _runbook_dynamic secrets; return $? ;; esac",
                        secretValue))));
        // runs --runbook NAME: an arm, not picocli's candidates (its arrays are filled on every Tab in the function)
        script = arms(script, "runs", List.of(arm("'--runbook'", "_runbook_offer runbooks")));
        for (String command : List.of("resume", "takeover")) {
            String team = command.equals("takeover") ? " --team" : "";
            List<String> arms = new java.util.ArrayList<>(List.of(
                    arm("'--approve'", "_runbook_run_dynamic run-steps" + team),
                    arm("'--secret-env'|'--secret-file'", "_runbook_run_dynamic run-secrets" + team)));
            if (!team.isEmpty()) arms.add(arm("'--confirm'", "_runbook_run_dynamic confirm"));
            arms.add(equalsArm("--approve=STEP, --secret-env NAME=VAR" + (team.isEmpty() ? "" : ", --confirm=RUN_ID"), List.of(
                    "case ${COMP_WORDS[COMP_CWORD-2]} in --approve) _runbook_run_dynamic run-steps" + team + "; return $? ;;"
                            + " --secret-env|--secret-file) _runbook_run_dynamic run-secrets" + team + "; return $? ;;"
                            + (team.isEmpty() ? "" : " --confirm) _runbook_run_dynamic confirm; return $? ;;") + " esac",
                    secretValue)));
            script = arms(script, command, arms);
        }
        int register = script.lastIndexOf("\n# Define a completion specification");
        if (register < 0) throw new IllegalStateException("picocli's completion script changed shape; update Completions");
        script = script.substring(0, register) + HELPERS + script.substring(register);
        String picocli = "complete -F _complete_runbook -o default runbook runbook.sh runbook.bash";
        if (!script.contains(picocli)) throw new IllegalStateException("picocli's completion script changed shape; update Completions");
        script = script.replace(picocli, "if [[ -n ${ZSH_VERSION-} ]]; then\n"
                        + "  complete -F _runbook -o default -o nospace runbook runbook.sh runbook.bash # the blanks: see _runbook\n"
                        + "else\n  complete -F _runbook -o default runbook runbook.sh runbook.bash\nfi")
                .replace("shell function\n# `_complete_runbook` is responsible", "shell function\n# `_runbook` (which calls `_complete_runbook`) is responsible");
        String zsh = "\n# zsh: autoload -U +X compinit && compinit && autoload -U +X bashcompinit && bashcompinit && source runbook.bash\n";
        return script + zsh;
    }

    private static String live(String script, String placeholder, String command) {
        String quoted = "\"" + placeholder + "\"";
        if (!script.contains(quoted)) throw new IllegalStateException("picocli's completion script changed shape; update Completions");
        return script.replace(quoted, "$([[ ${curr_word} == -* ]] || " + command + ")");
    }

    private static String arm(String pattern, String call) {
        return "    " + pattern + ")\n      " + call + "; return $?\n      ;;\n";
    }

    /** After {@code =}: bash splits {@code --opt=VALUE} and {@code NAME=VALUE} at it, so the word before says which. */
    private static String equalsArm(String what, List<String> lines) {
        StringBuilder sb = new StringBuilder("    '=') # " + what + "\n");
        for (String l : lines) sb.append("      ").append(l).append('\n');
        return sb.append("      return\n      ;;\n").toString();
    }

    private static String arms(String script, String subcommand, List<String> arms) {
        String function = "function _picocli_runbook_" + subcommand + "() {";
        int start = script.indexOf(function);
        String anchor = "  case ${prev_word} in\n";
        int at = start < 0 ? -1 : script.indexOf(anchor, start);
        if (at < 0 || script.indexOf("\n}\n", start) < at) {
            throw new IllegalStateException("picocli's completion script changed shape; update Completions");
        }
        at += anchor.length();
        return script.substring(0, at) + String.join("", arms) + script.substring(at);
    }

    /** The shell side of {@link Complete}: which runbook and which state folder the line names. */
    private static final String HELPERS = """

            # --- Candidates that depend on this machine (runbook names, run ids, a runbook's parameters, steps and
            # scenarios) come from the hidden command 'runbook __complete', which reads local files only and never
            # prints an error. Added by dev.runbook.cli.Completions.

            # The completion function: right after '=' (-p NAME=<Tab>, --scenario=<Tab>) bash makes the '=' the current
            # word; the functions below expect it as the previous word and the value (empty so far) as the current one.
            # ':' splits words too (--state s3://bucket/prefix): the words before the current one are joined back, so
            # that picocli's functions count positions right.
            #
            # zsh (bashcompinit) splits no word at '=' or ':': the current word is split at '=' here as bash would, and
            # what came before its last '=' is put back in front of each candidate (zsh matches the whole word). zsh
            # has no compopt: the script is registered there with -o nospace, and a candidate that ends a word gets its
            # blank here (bashcompinit adds it), one that goes on (-p NAME=) none.
            function _runbook() {
              local _runbook_nospace=0 zpre="" i
              if [[ -n ${ZSH_VERSION-} && ${COMP_WORDS[$COMP_CWORD]} == *=* ]]; then
                local cur=${COMP_WORDS[$COMP_CWORD]} w rest
                local -a pieces=()
                rest=${cur%=*}
                while :; do
                  w=${rest%%=*}
                  [[ -n $w ]] && pieces+=("$w")
                  pieces+=("=")
                  [[ $rest == *=* ]] || break
                  rest=${rest#*=}
                done
                zpre=${cur%=*}=
                COMP_WORDS=("${COMP_WORDS[@]:0:$COMP_CWORD}" "${pieces[@]}" "${cur##*=}")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
              fi
              if [[ ${COMP_WORDS[COMP_CWORD]} == = ]]; then
                COMP_WORDS+=("")
                ((COMP_CWORD++))
              fi
              local -a joined=()
              local i n
              for (( i=0; i<COMP_CWORD; i++ )); do
                n=${#joined[@]}
                if (( n > 0 )) && [[ ${COMP_WORDS[i]} == : || ${COMP_WORDS[i-1]} == : ]]; then
                  joined[n-1]+=${COMP_WORDS[i]}
                else
                  joined+=("${COMP_WORDS[i]}")
                fi
              done
              COMP_WORDS=("${joined[@]}" "${COMP_WORDS[@]:$COMP_CWORD}")
              COMP_CWORD=${#joined[@]}
              _complete_runbook "$@"
              if [[ -n ${ZSH_VERSION-} ]]; then
                for (( i=0; i<${#COMPREPLY[@]}; i++ )); do
                  if (( _runbook_nospace )); then
                    COMPREPLY[i]=$zpre${COMPREPLY[i]}
                  elif [[ -d ${COMPREPLY[i]} ]]; then
                    COMPREPLY[i]=$zpre${COMPREPLY[i]%/}/
                  else
                    COMPREPLY[i]="$zpre${COMPREPLY[i]} "
                  fi
                done
              fi
              return 0
            }

            # The words before the cursor into the caller's array 'words', read as the shell will read them when Enter is
            # pressed: split at unquoted blanks, with '...', "..." and backslash quoting taken off (exec 'my dir/x.yaml'
            # names the file my dir/x.yaml). Nothing is expanded or run: $(...), `...`, $VAR, globs and ~ stay text.
            # COMP_WORDS is no help here: it is split at '=' and ':' too and keeps the quotes. The word the cursor is in
            # is left out (it is being typed).
            function _runbook_words() {
              local line=${COMP_LINE:0:$COMP_POINT} i ch word="" q="" has=0 n
              n=${#line}
              words=()
              for (( i=0; i<n; i++ )); do
                ch=${line:$i:1}
                if [[ $q == "'" ]]; then
                  if [[ $ch == "'" ]]; then q=""; else word+=$ch; fi
                elif [[ $q == '"' ]]; then
                  if [[ $ch == '"' ]]; then
                    q=""
                  elif [[ $ch == '\\' ]] && (( i+1 < n )) && [[ '"\\$`' == *"${line:$((i+1)):1}"* ]]; then
                    word+=${line:$((i+1)):1}; ((i++))
                  else
                    word+=$ch
                  fi
                elif [[ $ch == '\\' ]]; then
                  if (( i+1 < n )); then word+=${line:$((i+1)):1}; ((i++)); fi
                  has=1
                elif [[ $ch == "'" || $ch == '"' ]]; then
                  q=$ch; has=1
                elif [[ $ch == [[:space:]] ]]; then
                  (( has )) && words+=("$word")
                  word=""; has=0
                else
                  word+=$ch; has=1
                fi
              done
              return 0
            }

            # The runbook named on the line: the first word after the subcommand that is neither an option nor an
            # option's value ('arg_opts' of the calling _picocli_runbook_* function lists the options that take one).
            function _runbook_named() {
              local -a words
              _runbook_words
              local i w sub=0 skip=0
              for (( i=1; i<${#words[@]}; i++ )); do
                w=${words[i]}
                if (( skip )); then skip=0; continue; fi
                if [[ $w == -* ]]; then
                  [[ $w != *=* && " ${arg_opts} " == *" '${w}' "* ]] && skip=1
                  continue
                fi
                if (( ! sub )); then sub=1; continue; fi
                printf '%s\n' "$w"
                return 0
              done
              return 1
            }

            # COMPREPLY from 'runbook __complete KIND RUNBOOK [ARG]', the candidates that start with the current word.
            function _runbook_dynamic() {
              local kind=$1 cur=${COMP_WORDS[COMP_CWORD]} rb c
              COMPREPLY=()
              rb=$(_runbook_named) || return 0
              while IFS= read -r c; do
                [[ -n $c && $c == "$cur"* ]] && COMPREPLY+=("$c")
              done < <(runbook __complete "$kind" "$rb" "${@:2}" 2>/dev/null)
              # NAME= is followed by its value, not by a blank
              if [[ $kind == params || $kind == secrets ]]; then
                _runbook_nospace=1
                type compopt &>/dev/null && compopt -o nospace
              fi
              return 0
            }

            # As _runbook_dynamic, for the run on the line (resume, takeover): 'runbook __complete KIND RUN [--team]' with
            # the line's --state-dir / --state; the runbook is the one stored with the run.
            function _runbook_run_dynamic() {
              local kind=$1 cur=${COMP_WORDS[COMP_CWORD]} run c
              COMPREPLY=()
              run=$(_runbook_named) || return 0
              while IFS= read -r c; do
                [[ -n $c && $c == "$cur"* ]] && COMPREPLY+=("$c")
              done < <(_runbook_runs "$kind" "$run" "${@:2}")
              if [[ $kind == run-secrets ]]; then
                _runbook_nospace=1
                type compopt &>/dev/null && compopt -o nospace
              fi
              return 0
            }

            # COMPREPLY from 'runbook __complete ARGS...', the candidates that start with the current word.
            function _runbook_offer() {
              local cur=${COMP_WORDS[COMP_CWORD]} c
              COMPREPLY=()
              while IFS= read -r c; do
                [[ -n $c && $c == "$cur"* ]] && COMPREPLY+=("$c")
              done < <(runbook __complete "$@" 2>/dev/null)
              return 0
            }

            # --secret-env NAME=<Tab>: the names of exported variables (bash's own list; only names a shell can have, so
            # plain words, and checked to be).
            function _runbook_env_names() {
              local cur=${COMP_WORDS[COMP_CWORD]} c
              COMPREPLY=()
              while IFS= read -r c; do
                [[ $c =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && COMPREPLY+=("$c")
              done < <(compgen -e -- "$cur")
              return 0
            }

            # --secret-file NAME=<Tab>: files, quoted by bash as file names are (-o filenames: 'a b' goes on the line as a\\ b).
            function _runbook_files() {
              local IFS=$'\\n' cur=${COMP_WORDS[COMP_CWORD]}
              type compopt &>/dev/null && compopt -o filenames
              COMPREPLY=( $(compgen -f -- "$cur") )
              return 0
            }

            # Run ids (KIND runs; resume; team-runs for takeover), or what KIND RUN asks of a run, from the state folder that
            # --state-dir or --state on the line names, else the default one; one per line.
            function _runbook_runs() {
              local -a words args
              _runbook_words
              local i
              for (( i=1; i<${#words[@]}; i++ )); do
                case ${words[i]} in
                  --state-dir|--state) [[ -n ${words[i+1]+x} ]] && args+=("${words[i]}" "${words[i+1]}"); ((i++)) ;;
                  --state-dir=*|--state=*) args+=("${words[i]%%=*}" "${words[i]#*=}") ;;
                esac
              done
              runbook __complete "$@" "${args[@]}" 2>/dev/null
            }
            """;

    /**
     * {@code Completions <file> [<help-dir>]}: writes the script, creating the folder (picocli's own -o does not),
     * and, given a folder, the pre-rendered root help ({@link RootHelp}).
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "completions/runbook.bash");
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, bash(), StandardCharsets.UTF_8);
        if (args.length > 1) RootHelp.write(Path.of(args[1]));
    }
}
