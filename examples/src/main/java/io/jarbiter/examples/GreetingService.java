package io.jarbiter.examples;

import io.jarbiter.amqp.Dispatcher;
import io.jarbiter.amqp.EventDispatcher;
import io.jarbiter.amqp.Rpc;
import io.jarbiter.container.Service;

/**
 * The RPC example: {@code bin/jarbiter rpc greeting_service.hello '["Ann"]'}, or from Python nameko
 * {@code n.rpc.greeting_service.hello("Ann")}. Each greeting is announced as a {@code greeted} event.
 */
@Service("greeting_service")
public class GreetingService {
    @EventDispatcher
    Dispatcher dispatch;

    @Rpc
    public String hello(String name) {
        dispatch.dispatch("greeted", name);
        return "Hello, " + name + "!";
    }
}
