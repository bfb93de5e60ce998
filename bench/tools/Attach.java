import com.sun.tools.attach.VirtualMachine;

/** Loads an agent library into a running JVM with options passed unchanged: java Attach.java PID LIB OPTIONS. */
public class Attach {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
