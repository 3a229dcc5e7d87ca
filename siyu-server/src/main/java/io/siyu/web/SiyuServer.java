package io.siyu.web; public class SiyuServer { public static void main(String[] a) {} }
