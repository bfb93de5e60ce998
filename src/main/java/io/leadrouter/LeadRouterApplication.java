package io.leadrouter;

import io.leadrouter.pipeline.SimulateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Arrays;

/**
 * Starts leadrouter: intake routes, the distribution pipeline, CRM writers and the admin API; or, with {@code simulate}
 * as the first argument, runs a simulation and exits without starting Spring or Camel.
 */
@SpringBootApplication
public class LeadRouterApplication {
    public static void main(String[] args) {
        if (args.length > 0 && SimulateCommand.NAME.equals(args[0])) {
            System.exit(SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(LeadRouterApplication.class, args);
    }
}
