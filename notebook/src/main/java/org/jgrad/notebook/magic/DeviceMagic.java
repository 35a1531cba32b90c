package org.jgrad.notebook.magic;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.cuda.CudaAvailability;
import org.jgrad.notebook.eval.CellError;
import org.jgrad.notebook.eval.JShellSession;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Device;

/**
 * {@code %device} shows the notebook's default device (the variable {@code device} that the
 * notebook's startup declares, for {@code x.to(device)} and a learner's device) and the devices
 * this kernel can use; {@code %device cuda} (or {@code cpu}, {@code cuda:1}) sets it, after opening
 * the device so that an unavailable one is refused at once with the reason.
 */
final class DeviceMagic implements LineMagic {
    @Override
    public Object run(String arguments, JShellSession session, int line) {
        if (!arguments.isEmpty()) {
            Device wanted;
            try {
                wanted = Device.parse(arguments);
                Backends.of(wanted);
            } catch (IllegalArgumentException e) {
                throw new CellError("IllegalArgumentException", "%device " + arguments + ": " + e.getMessage(),
                        List.of("%device " + arguments + ": " + e.getMessage(), "at cell line " + line));
            }
            session.run("device = Device.parse(\"" + wanted + "\");");
        }
        Object current = session.run("device").value().orElse(null);
        return "default device: " + current + " (the variable device)\navailable: " + String.join(", ", available());
    }

    /** cpu, then each CUDA device, marked when emulated; or why CUDA is not there. */
    static List<String> available() {
        List<String> devices = new ArrayList<>(List.of("cpu"));
        String reason = CudaAvailability.unavailableReason();
        if (reason != null) {
            devices.add("no cuda (" + reason + ")");
            return devices;
        }
        for (int i = 0; i < CudaAvailability.deviceCount(); i++)
            devices.add(Device.cuda(i) + (CudaAvailability.isEmulated() ? " (emulated on the host: never GPU timings)" : ""));
        return devices;
    }
}
