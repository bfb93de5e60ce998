package io.leadrouter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts leadrouter: intake routes, the distribution pipeline, CRM writers and the admin API. */
@SpringBootApplication
public class LeadRouterApplication {
    public static void main(String[] args) {
        SpringApplication.run(LeadRouterApplication.class, args);
    }
}
