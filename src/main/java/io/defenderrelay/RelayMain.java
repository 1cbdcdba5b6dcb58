package io.defenderrelay;

public final class RelayMain {
    public static void main(String[] args) throws Exception {
        System.out.println("placeholder");
    }
}
