// jgrad shell: the imports a learner needs at once. (org.jgrad.nn.Module by name: a wildcard
// import of org.jgrad.nn would clash with java.lang.Module.)
import java.util.*;
import java.nio.file.*;
import org.jgrad.tensor.*;
import org.jgrad.tensor.random.Generator;
import org.jgrad.autograd.*;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.Init;
import org.jgrad.nn.layers.*;
import org.jgrad.nn.losses.*;
import org.jgrad.training.data.*;
import org.jgrad.training.learner.*;
import org.jgrad.training.optim.*;
import org.jgrad.training.schedule.*;
import org.jgrad.training.models.MnistCnn;
