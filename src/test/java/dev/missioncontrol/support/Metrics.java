package dev.missioncontrol.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one value from the service's own Prometheus scrape at {@code /q/metrics}. */
public final class Metrics {

    private Metrics() {}

    /** The value of the first sample whose name (and labels, if given) match, or NaN if absent. */
    public static double value(String sample) {
        String scrape =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$")
                .matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : Double.NaN;
    }
}
