// jgrad notebook: on top of ./jgrad shell's startup, what a notebook adds. show(x) displays x
// under the cell now; Png.losses(learn.recorder()) and friends draw jgrad's charts inline.
import org.jgrad.notebook.display.Png;
import static org.jgrad.notebook.display.Show.show;
// The notebook's default device, shown and set by %device; e.g. x.to(device).
Device device = Device.CPU;
