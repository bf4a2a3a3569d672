use mpconfig::Bootstrap;

#[derive(Bootstrap)]
struct App {
    #[mpconfig(sys_frozen)]
    #[mpconfig(auto_dispatch)]
    flag: bool,
}

fn main() {}
