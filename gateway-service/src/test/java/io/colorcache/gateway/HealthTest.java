package io.colorcache.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.colorcache.testsupport.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class HealthTest {

    @Test
    void livenessChecksOnlyTheProcess() {
        given().get("/q/health/live").then().statusCode(200).body("checks.name", contains("process"));
    }

    @Test
    void readinessChecksRedis() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Redis connection health check"))
                .body("status", equalTo("UP"));
    }

    @Test
    void unknownPathsAreProblemsToo() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://colorcache.io/problems/not-found"));
    }
}
