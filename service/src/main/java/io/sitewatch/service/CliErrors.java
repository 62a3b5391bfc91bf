package io.sitewatch.service;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that cannot be run, said in one line (Chinese, then English) on stderr before
 * anything starts: the option and what would be valid, or the command and the valid ones. No
 * usage text, no stack trace; exit status 2.
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler {

    static final int USAGE = 2;
    /** How the options' descriptions name the environment variable that also sets them. */
    private static final Pattern ENV = Pattern.compile("\\benv (SITEWATCH_[A-Z0-9_]+)");

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().root().name() + ": " + describe(ex, args));
        cmd.getErr().flush();
        return USAGE;
    }

    static String describe(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String where = cmd.getCommandSpec().qualifiedName();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                return "'" + where + "' 没有选项 " + first + "（见 " + where + " --help）"
                        + " / unknown option " + first + " for '" + where + "' (see " + where + " --help)";
            }
            if (!cmd.getSubcommands().isEmpty()) {
                String valid = String.join(", ", cmd.getSubcommands().keySet());
                return "未知命令 '" + first + "'，" + where + " 可用的命令：" + valid
                        + " / unknown command '" + first + "'; valid commands of " + where + ": " + valid;
            }
            return "'" + where + "' 不接受参数 '" + first + "'（见 " + where + " --help）"
                    + " / unexpected argument '" + first + "' for '" + where + "' (see " + where + " --help)";
        }
        if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            String names = m.getMissing().stream().map(CliErrors::name).collect(Collectors.joining(", "));
            return "缺少必需的选项 " + names + "（见 " + where + " --help）"
                    + " / missing required option " + names + " (see " + where + " --help)";
        }
        ArgSpec arg = ex.getArgSpec();
        if (arg != null && ex.getValue() != null) {
            String name = name(arg);
            String env = fromEnvironment(arg, args);
            String envZh = env == null ? "" : "（来自环境变量 " + env + "）";
            String envEn = env == null ? "" : " (from env " + env + ")";
            if (ex.getCause() instanceof TypeConversionException t && t.getMessage().contains(" / ")) {
                // Our own checks word the problem in both languages.
                String[] both = t.getMessage().split(" / ", 2);
                return name + envZh + "：" + both[0] + " / " + name + envEn + ": " + both[1];
            }
            return name + envZh + " 的值 '" + ex.getValue() + "' 无效 / " + name + envEn + ": " + firstLine(ex.getMessage());
        }
        return firstLine(ex.getMessage()) + "（见 " + where + " --help） / see " + where + " --help";
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** The environment variable the value came from, when the option itself was not given. */
    private static String fromEnvironment(ArgSpec arg, String[] args) {
        if (!(arg instanceof OptionSpec o)) {
            return null;
        }
        List<String> given = List.of(args);
        for (String n : o.names()) {
            if (given.contains(n) || given.stream().anyMatch(a -> a.startsWith(n + "="))) {
                return null;
            }
        }
        Matcher m = ENV.matcher(String.join(" ", o.description()));
        return m.find() ? m.group(1) : null;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
