import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Lists the tests skipped in the Surefire and Failsafe XML reports written after a given time, one line each with the
 * reason the test gave: {@code java .ci/SkipReport.java <since-epoch-millis> <report-dir>...}. Run by {@code .ci/run}
 * (the JDK is the one tool every machine that builds the project has).
 */
public class SkipReport {

    public static void main(String[] args) throws Exception {
        long since = Long.parseLong(args[0]);
        TreeSet<String> lines = new TreeSet<>();
        for (int i = 1; i < args.length; i++) {
            File[] reports = new File(args[i]).listFiles((dir, name) -> name.startsWith("TEST-") && name.endsWith(".xml"));
            for (File report : reports == null ? new File[0] : reports) {
                if (report.lastModified() < since) {
                    continue;
                }
                NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report)
                        .getElementsByTagName("testcase");
                for (int c = 0; c < cases.getLength(); c++) {
                    Element testCase = (Element) cases.item(c);
                    NodeList skipped = testCase.getElementsByTagName("skipped");
                    if (skipped.getLength() > 0) {
                        Element skip = (Element) skipped.item(0);
                        // Surefire puts the reason in "message"; Failsafe writes the exception's text instead.
                        String message = skip.getAttribute("message");
                        if (message.isEmpty()) {
                            message = skip.getTextContent().strip().lines().findFirst().orElse("")
                                    .replaceFirst("^org\\.opentest4j\\.TestAbortedException: (Assumption failed: )?", "");
                        }
                        lines.add("  " + testCase.getAttribute("classname") + "." + testCase.getAttribute("name") + ": "
                                + (message.isEmpty() ? "(no reason given)" : message));
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(lines);
        out.forEach(System.out::println);
    }
}
