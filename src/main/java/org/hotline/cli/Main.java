package org.hotline.cli; public class Main { public static void main(String[] a){} }
