package dev.missioncontrol.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure's rules (docs/architecture.md), checked on the compiled service: the fan-out engine depends on
 * nothing of the features; only {@code internals} touches framework internals; only {@code TransportWiring} reads
 * {@code mission-control.transport}; Redis client types stay in Redis classes; feature packages have no cycles; no
 * class is over 250 lines.
 */
class ArchitectureTest {

    private static JavaClasses service;

    @BeforeAll
    static void load() {
        service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.missioncontrol");
    }

    @Test
    void theFanOutEngineKnowsNoFeature() {
        classes()
                .that()
                .resideInAPackage("..fanout..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("..fanout..", "java..", "io.vertx.core..", "io.netty.buffer..")
                .because("the event stream and comms both run on it")
                .check(service);
    }

    @Test
    void onlyTheInternalsPackageTouchesFrameworkInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..internals..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..impl..")
                .because("an upgrade may move them; internals/ says which test fails")
                .check(service);
    }

    @Test
    void onlyTransportWiringReadsTheTransportSetting() {
        noClasses()
                .that()
                .doNotHaveSimpleName("TransportWiring")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.missioncontrol.transport.Transport")
                .check(service);
        classes()
                .should(new ArchCondition<JavaClass>("not inject mission-control.transport") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (type.getSimpleName().equals("TransportWiring")) {
                            return;
                        }
                        List<Object> injected = new ArrayList<>();
                        for (JavaField field : type.getFields()) {
                            field.tryGetAnnotationOfType(ConfigProperty.class).ifPresent(injected::add);
                        }
                        for (JavaCodeUnit unit : type.getCodeUnits()) {
                            for (JavaParameter parameter : unit.getParameters()) {
                                parameter
                                        .tryGetAnnotationOfType(ConfigProperty.class)
                                        .ifPresent(injected::add);
                            }
                        }
                        for (Object annotation : injected) {
                            if (((ConfigProperty) annotation).name().equals("mission-control.transport")) {
                                events.add(SimpleConditionEvent.violated(
                                        type, type.getName() + " reads mission-control.transport"));
                            }
                        }
                    }
                })
                .check(service);
    }

    @Test
    void redisClientTypesStayInRedisClasses() {
        noClasses()
                .that()
                .haveSimpleNameNotStartingWith("Redis")
                .and()
                .resideOutsideOfPackage("..redis..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vertx.redis..")
                .because("each feature's Redis implementation sits beside its local twin")
                .check(service);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.missioncontrol.(*)..").should().beFreeOfCycles().check(service);
    }

    @Test
    void noClassIsOverTwoHundredFiftyLines() throws IOException {
        List<String> long_ = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > 250) {
                    long_.add(file + ": " + lines);
                }
            }
        }
        assertTrue(long_.isEmpty(), "small enough to read in one sitting: " + long_);
    }
}
