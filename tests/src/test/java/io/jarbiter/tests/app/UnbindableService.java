package io.jarbiter.tests.app;

import io.jarbiter.container.Service;
import io.jarbiter.web.Http;

import java.time.LocalTime;

/** An @Http method whose parameter nothing can bind (a LocalTime is no query parameter and no JSON body). */
@Service("unbindable")
public class UnbindableService {
    @Http(path = "/at")
    public String at(LocalTime at) {
        return String.valueOf(at);
    }
}
