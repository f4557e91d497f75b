fn main() {
    rapport::start();
}
